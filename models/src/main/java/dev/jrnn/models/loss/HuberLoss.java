package dev.jrnn.models.loss;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/**
 * Huber loss (PyTorch's {@code HuberLoss}): with {@code a = |p - y|},
 * {@code l = a^2 / 2} if {@code a < delta}, else {@code delta (a - delta / 2)}.
 *
 * <p>Computed as {@code q^2 / 2 + delta (a - q)} with {@code q = min(a, delta)}, which equals the
 * definition on both branches and has PyTorch's gradient {@code clamp(p - y, -delta, delta)}.
 *
 * @param delta     where the loss turns from quadratic to linear; positive
 * @param reduction mean (PyTorch's default) or sum
 */
public record HuberLoss(double delta, Reduction reduction) implements Loss {

    public HuberLoss {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        }
    }

    /** Never negative. */
    @Override
    public boolean nonNegative() {
        return true;
    }

    @Override
    public Variable apply(Variable prediction, Variable target) {
        return reduction.apply(terms(prediction, target));
    }

    /** The Huber term of every position, of the target's shape. */
    @Override
    public Variable terms(Variable prediction, Variable target) {
        Loss.checkPair("HuberLoss", prediction, target);
        Variable a = Ops.abs(Ops.sub(prediction, target));
        Variable d = Variable.constant(prediction.backend().scalar(delta, prediction.dtype()));
        Variable q = Ops.neg(Ops.max(Ops.neg(a), Ops.neg(d)));
        Variable quadratic = Ops.scale(Ops.mul(q, q), 0.5);
        Variable linear = Ops.scale(Ops.sub(a, q), delta);
        return Ops.add(quadratic, linear);
    }
}
