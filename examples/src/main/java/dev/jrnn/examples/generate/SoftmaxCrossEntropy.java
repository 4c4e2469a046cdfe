package dev.jrnn.examples.generate;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.loss.Loss;

/**
 * Softmax cross-entropy over classes, built from differentiable ops so that its gradient comes
 * from the graph: for logits {@code z [N, V]} and target classes {@code y},
 *
 * <pre>
 *   m_n        = max_v z_nv                                   (a constant shift: no gradient)
 *   log p_nv   = z_nv - m_n - log sum_u exp(z_nu - m_n)       (log-softmax, stable for large z)
 *   L          = -(1/N) sum_n log p_n,y_n                     (nats per prediction)
 * </pre>
 *
 * <p>Subtracting the row maximum keeps {@code exp} from overflowing; since softmax is invariant
 * to a shift of the row, treating {@code m} as a constant leaves the gradient
 * {@code dL/dz = (softmax(z) - onehot(y)) / N} unchanged.
 */
public final class SoftmaxCrossEntropy {
    /**
     * The cross-entropy as a {@link Loss}: logits [..., V] against targets [...] holding class
     * indices as values, the mean over the targets.
     */
    public static final Loss LOSS = Loss.nonNegative((logits, targets) -> {
        int classes = logits.shape().dim(logits.shape().rank() - 1);
        Loss.checkPerTarget("cross-entropy", logits, targets, classes);
        double[] values = targets.value().toDoubleArray();
        int[] indices = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            indices[i] = (int) values[i];
        }
        return loss(Ops.reshape(logits, Shape.of(values.length, classes)), indices);
    });

    private SoftmaxCrossEntropy() {
    }

    /** {@code log softmax(z)} along the last axis of a [N, V] variable. */
    public static Variable logSoftmax(Variable logits) {
        checkRank(logits);
        int classes = logits.shape().dim(1);
        Variable max = Ops.max(logits.detach(), 1);
        Variable shifted = Ops.sub(logits, Ops.expand(max, 1, classes));
        Variable logSum = Ops.log(Ops.sum(Ops.exp(shifted), 1));
        return Ops.sub(shifted, Ops.expand(logSum, 1, classes));
    }

    /**
     * The mean negative log-likelihood of {@code targets} under {@code softmax(logits)}, a rank-0
     * variable in nats.
     *
     * @param logits  z [N, V]
     * @param targets the class of each row, N indices in [0, V)
     */
    public static Variable loss(Variable logits, int[] targets) {
        checkRank(logits);
        int rows = logits.shape().dim(0);
        if (targets.length != rows) {
            throw new IllegalArgumentException("cross-entropy: " + targets.length + " targets for logits of shape "
                    + logits.shape());
        }
        Variable oneHot = Variable.constant(oneHot(logits.backend(), logits.dtype(), targets, logits.shape().dim(1)));
        return Ops.scale(Ops.sum(Ops.mul(oneHot, logSoftmax(logits))), -1.0 / rows);
    }

    /** A [N, V] tensor with 1 at (n, ids[n]) and 0 elsewhere. */
    public static Tensor oneHot(Backend backend, DType dtype, int[] ids, int classes) {
        double[] data = new double[ids.length * classes];
        for (int n = 0; n < ids.length; n++) {
            if (ids[n] < 0 || ids[n] >= classes) {
                throw new IllegalArgumentException("class index " + ids[n] + " at row " + n + " is outside [0, "
                        + classes + ")");
            }
            data[n * classes + ids[n]] = 1.0;
        }
        return backend.fromArray(data, Shape.of(ids.length, classes), dtype);
    }

    private static void checkRank(Variable logits) {
        if (logits.shape().rank() != 2) {
            throw new IllegalArgumentException("cross-entropy: logits must be [N, V], got shape " + logits.shape());
        }
    }
}
