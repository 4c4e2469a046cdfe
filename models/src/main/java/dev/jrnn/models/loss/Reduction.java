package dev.jrnn.models.loss;

import dev.jrnn.api.Shape;
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

    /**
     * Reduces {@code terms} weighted by {@code weights} to a rank-0 variable:
     *
     * <pre>
     *   MEAN:  L = sum_i w_i l_i / sum_i w_i      (PyTorch's weighted mean, as NLLLoss's class weights)
     *   SUM:   L = sum_i w_i l_i
     * </pre>
     *
     * where {@code w_i} is the weight of term i's leading position: {@code weights} has the leading
     * axes of {@code terms}' shape (for terms [B, T, K]: [B] per sample, [B, T] per step, or
     * [B, T, K]) and repeats over the remaining ones, which count in the mean's denominator too.
     * With all weights 1 this is {@link #apply(Variable)}; a term of weight 0 (a padded step)
     * contributes neither value nor gradient, whatever its value, as long as it is finite. The
     * mean of terms whose weights sum to 0 is 0/0, NaN, as in PyTorch.
     *
     * @throws IllegalArgumentException when {@code weights}' shape is not a leading part of the terms'
     */
    public Variable apply(Variable terms, Variable weights) {
        Shape shape = terms.shape();
        Shape leading = weights.shape();
        if (leading.rank() > shape.rank() || !prefix(shape, leading.rank()).equals(leading)) {
            throw new IllegalArgumentException("weighted reduction: weights have shape " + leading + " but the terms"
                    + " have shape " + shape + " (the weights must have the terms' leading axes)");
        }
        if (weights.dtype() != terms.dtype()) {
            throw new IllegalArgumentException("weighted reduction: weights are " + weights.dtype() + " but the terms"
                    + " are " + terms.dtype());
        }
        Variable w = weights;
        for (int axis = leading.rank(); axis < shape.rank(); axis++) {
            w = Ops.expand(w, axis, shape.dim(axis));
        }
        Variable weighted = Ops.sum(Ops.mul(terms, w));
        if (this == SUM) {
            return weighted;
        }
        int repeats = shape.size() / Math.max(1, leading.size());
        return Ops.div(weighted, Ops.scale(Ops.sum(weights), repeats));
    }

    private static Shape prefix(Shape shape, int rank) {
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = shape.dim(i);
        }
        return Shape.of(dims);
    }
}
