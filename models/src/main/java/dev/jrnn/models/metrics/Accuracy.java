package dev.jrnn.models.metrics;

import dev.jrnn.api.Tensor;
import dev.jrnn.models.loss.CrossEntropyLoss;

/**
 * The fraction of positions whose most likely class (the argmax of the logits, the first on ties,
 * as {@code torch.argmax}) is the target class. Positions whose target is the ignore index are
 * left out, as {@link dev.jrnn.models.loss.CrossEntropyLoss} leaves them out.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * {@code #{i : argmax_c z_ic = y_i} / #{i : y_i != ignoreIndex}}; NaN when every position is ignored.
     *
     * @param logits  z [..., C]
     * @param targets y [...], class indices as values
     */
    public static double of(Tensor logits, Tensor targets, int ignoreIndex) {
        ConfusionMatrix m = new ConfusionMatrix(logits.shape().dim(logits.shape().rank() - 1));
        m.add(logits, targets, ignoreIndex);
        return m.accuracy();
    }

    /** {@link #of(Tensor, Tensor, int)} with PyTorch's default ignore index, -100. */
    public static double of(Tensor logits, Tensor targets) {
        return of(logits, targets, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
    }

    /** The index of the largest of {@code values[from, from + n)} relative to {@code from}; the first on ties. */
    static int argmax(double[] values, int from, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
