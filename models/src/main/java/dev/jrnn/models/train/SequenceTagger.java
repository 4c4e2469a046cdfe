package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;

/**
 * Many-to-many classification (tagging): a recurrent layer and a linear head on its output at
 * every step, {@code z_t = y_t W^T + b}. Inputs are batch first, [B, T, I]; logits [B, T, C],
 * trained against targets [B, T] with {@link dev.jrnn.models.loss.Loss#crossEntropy()}. With
 * lengths, the layer's output past a sequence's end is zero, so the logits there are the bias:
 * give those positions the loss's ignore index (-100) as target. The head is
 * {@code head.weight} [C, D*H] and {@code head.bias} [C], as {@code nn.Linear} (D*P in place of
 * D*H over an LSTM with projections).
 *
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's
 * {@link dev.jrnn.api.autograd.WeightGuard}.
 */
public final class SequenceTagger extends LayerWithHead {

    /** Wraps {@code layer} with a head of {@code classes} outputs per step drawn from {@code seed}. */
    public SequenceTagger(RecurrentLayer layer, int classes, long seed) {
        super(layer, classes, seed);
    }

    @Override
    Variable pool(LayerOutput out) {
        return Sequences.fromLayout(layer, out.output());
    }

    @Override
    String headPlacement() {
        return "on every step";
    }

    @Override
    String outputShape() {
        return "[B, T, " + classes() + "]";
    }

    /** The most likely class of every step, [B][T], without recording a graph; past a length, -1. */
    public int[][] predict(Variable input, int[] lengths) {
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        int[] flat;
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            flat = Sequences.argmax(forward(input, lengths).value());
        }
        int[][] tags = new int[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                tags[b][t] = lengths != null && t >= lengths[b] ? -1 : flat[b * steps + t];
            }
        }
        return tags;
    }
}
