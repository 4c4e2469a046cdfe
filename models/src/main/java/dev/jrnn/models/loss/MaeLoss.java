package dev.jrnn.models.loss;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/**
 * Absolute error, {@code l_i = |p_i - y_i|} (gradient {@code sign(p_i - y_i)}, 0 at a tie, as
 * PyTorch's {@code L1Loss}), reduced by {@code reduction}.
 *
 * @param reduction mean (PyTorch's default) or sum
 */
public record MaeLoss(Reduction reduction) implements Loss {

    /** Never negative. */
    @Override
    public boolean nonNegative() {
        return true;
    }

    @Override
    public Variable apply(Variable prediction, Variable target) {
        return reduction.apply(terms(prediction, target));
    }

    /** {@code |p_i - y_i|}, of the target's shape. */
    @Override
    public Variable terms(Variable prediction, Variable target) {
        Loss.checkPair("MaeLoss", prediction, target);
        return Ops.abs(Ops.sub(prediction, target));
    }
}
