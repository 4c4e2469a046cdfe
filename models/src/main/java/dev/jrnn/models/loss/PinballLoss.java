package dev.jrnn.models.loss;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import java.util.Arrays;

/**
 * Pinball (quantile) loss of a head that predicts Q quantiles per target: with levels
 * {@code q_1 < ... < q_Q} in (0, 1), predictions {@code o_iq} and errors {@code e_iq = y_i - o_iq},
 *
 * <pre>
 *   L = (1/N) sum_i sum_q max(q e_iq, (q - 1) e_iq)        (mean over the N targets)
 * </pre>
 *
 * <p>Minimising it makes {@code o_iq} the q-quantile of y (Koenker and Bassett, 1978):
 * {@code dL/do_iq = -q / N} where {@code e > 0} and {@code (1 - q) / N} where {@code e < 0}; at
 * {@code e = 0} the subgradient {@code -q / N}. It is computed as
 * {@code L = (1/N) [sum_iq relu(o_iq - y_i) + sum_q q (sum_i y_i - sum_i o_iq)]}, the same terms.
 *
 * <p>The prediction has the target's shape with a trailing axis of Q: [..., Q] against [...].
 */
public final class PinballLoss implements Loss {
    private final double[] quantiles;
    private final Reduction reduction;

    /**
     * @param quantiles the levels, ascending in (0, 1)
     * @param reduction mean over the targets (not over the N Q terms) or sum
     */
    public PinballLoss(double[] quantiles, Reduction reduction) {
        if (quantiles.length == 0) {
            throw new IllegalArgumentException("PinballLoss: needs at least one quantile");
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (!(quantiles[i] > 0 && quantiles[i] < 1) || (i > 0 && !(quantiles[i] > quantiles[i - 1]))) {
                throw new IllegalArgumentException("PinballLoss: quantiles must be ascending in (0, 1), got "
                        + Arrays.toString(quantiles));
            }
        }
        this.quantiles = quantiles.clone();
        this.reduction = reduction;
    }

    /** The levels, ascending. */
    public double[] quantiles() {
        return quantiles.clone();
    }

    /** Mean over the targets or sum. */
    @Override
    public Reduction reduction() {
        return reduction;
    }

    /** Never negative. */
    @Override
    public boolean nonNegative() {
        return true;
    }

    @Override
    public Variable apply(Variable prediction, Variable target) {
        int k = quantiles.length;
        Loss.checkPerTarget("PinballLoss", prediction, target, k);
        int n = target.shape().size();
        Variable o = Ops.reshape(prediction, Shape.of(n, k));
        Variable y = Ops.reshape(target, Shape.of(n));
        // max(q e, (q - 1) e) = relu(o - y) + q (y - o); the linear part needs only o's column sums,
        // so the N Q elements see one subtraction and one relu (half the work of the max form)
        Variable hinge = Ops.sum(Ops.relu(Ops.sub(o, Ops.expand(y, 1, k))));
        Variable q = Variable.constant(prediction.backend().fromArray(quantiles, Shape.of(k), prediction.dtype()));
        Variable linear = Ops.sub(Ops.scale(Ops.sum(y), Arrays.stream(quantiles).sum()),
                Ops.sum(Ops.mul(Ops.sum(o, 0), q)));
        Variable sum = Ops.add(hinge, linear);
        return reduction == Reduction.MEAN ? Ops.scale(sum, 1.0 / n) : sum;
    }

    /**
     * {@code sum_q max(q e_iq, (q - 1) e_iq)} of every target, of the target's shape: computed as
     * {@code sum_q [relu(o_iq - y_i) + q (y_i - o_iq)]}.
     */
    @Override
    public Variable terms(Variable prediction, Variable target) {
        int k = quantiles.length;
        Loss.checkPerTarget("PinballLoss", prediction, target, k);
        int n = target.shape().size();
        Variable o = Ops.reshape(prediction, Shape.of(n, k));
        Variable y = Ops.expand(Ops.reshape(target, Shape.of(n)), 1, k);
        Variable q = Variable.constant(prediction.backend().fromArray(quantiles, Shape.of(k), prediction.dtype()));
        Variable perQuantile = Ops.add(Ops.relu(Ops.sub(o, y)), Ops.mul(Ops.sub(y, o), q));
        return Ops.reshape(Ops.sum(perQuantile, 1), target.shape());
    }

    @Override
    public String toString() {
        return "PinballLoss" + Arrays.toString(quantiles);
    }
}
