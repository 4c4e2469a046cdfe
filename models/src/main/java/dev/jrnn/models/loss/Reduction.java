package dev.jrnn.models.loss;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/** How a loss folds its elementwise terms into one number, as PyTorch's {@code reduction}. */
public enum Reduction {
    /** The mean over all elements (PyTorch's default). */
    MEAN,
    /** The sum over all elements. */
    SUM;

    /** Reduces {@code terms} to a rank-0 variable. */
    public Variable apply(Variable terms) {
        return this == MEAN ? Ops.mean(terms) : Ops.sum(terms);
    }
}
