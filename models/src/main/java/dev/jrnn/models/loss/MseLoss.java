package dev.jrnn.models.loss;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/**
 * Squared error, {@code l_i = (p_i - y_i)^2}, reduced by {@code reduction}.
 *
 * @param reduction mean (PyTorch's default) or sum
 */
public record MseLoss(Reduction reduction) implements Loss {

    /** Never negative. */
    @Override
    public boolean nonNegative() {
        return true;
    }

    @Override
    public Variable apply(Variable prediction, Variable target) {
        Loss.checkPair("MseLoss", prediction, target);
        Variable d = Ops.sub(prediction, target);
        Variable sum = Ops.sumOfSquares(d);
        return reduction == Reduction.MEAN ? Ops.scale(sum, 1.0 / d.value().size()) : sum;
    }

    /** {@code (p_i - y_i)^2}, of the target's shape. */
    @Override
    public Variable terms(Variable prediction, Variable target) {
        Loss.checkPair("MseLoss", prediction, target);
        Variable d = Ops.sub(prediction, target);
        return Ops.mul(d, d);
    }
}
