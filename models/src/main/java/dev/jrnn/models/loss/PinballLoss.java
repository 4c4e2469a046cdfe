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
 * {@code e = 0} the two slopes are averaged, as {@link Ops#max} splits ties.
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

    @Override
    public Variable apply(Variable prediction, Variable target) {
        int k = quantiles.length;
        Loss.checkPerTarget("PinballLoss", prediction, target, k);
        int n = target.shape().size();
        Variable o = Ops.reshape(prediction, Shape.of(n, k));
        Variable y = Ops.expand(Ops.reshape(target, Shape.of(n)), 1, k);
        Variable e = Ops.sub(y, o);
        double[] below = new double[k];
        for (int j = 0; j < k; j++) {
            below[j] = quantiles[j] - 1;
        }
        // [Q] rows broadcast over the N targets
        Variable q = Variable.constant(prediction.backend().fromArray(quantiles, Shape.of(k), prediction.dtype()));
        Variable qMinusOne = Variable.constant(prediction.backend().fromArray(below, Shape.of(k), prediction.dtype()));
        Variable sum = Ops.sum(Ops.max(Ops.mul(e, q), Ops.mul(e, qMinusOne)));
        return reduction == Reduction.MEAN ? Ops.scale(sum, 1.0 / n) : sum;
    }

    @Override
    public String toString() {
        return "PinballLoss" + Arrays.toString(quantiles);
    }
}
