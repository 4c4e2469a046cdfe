package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;

/**
 * Many-to-one classification: a recurrent layer and a linear head on its top layer's final hidden
 * state, {@code z = [h_fwd, h_bwd] W^T + b}, logits of C classes (train with
 * {@link dev.jrnn.models.loss.Loss#crossEntropy()}). Inputs are batch first, [B, T, I]; logits [B, C].
 * The final state is taken at each sequence's last real step ({@link #forward(Variable, int[])}):
 * for one direction the output there, for a bidirectional layer also the backward direction's
 * state after it has read the sequence back to its first step, as {@code h_n} in PyTorch.
 * The head is {@code head.weight} [C, D*H] and {@code head.bias} [C], as {@code nn.Linear} (D*P
 * in place of D*H over an LSTM with projections).
 *
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's
 * {@link dev.jrnn.api.autograd.WeightGuard}.
 */
public final class SequenceClassifier extends LayerWithHead {

    /** Wraps {@code layer} with a head of {@code classes} outputs drawn from {@code seed}. */
    public SequenceClassifier(RecurrentLayer layer, int classes, long seed) {
        super(layer, classes, seed);
    }

    @Override
    Variable pool(LayerOutput out) {
        return Sequences.topFinalHidden(layer, out.hn());
    }

    @Override
    String headPlacement() {
        return "on the final state";
    }

    @Override
    String outputShape() {
        return "[B, " + classes() + "]";
    }

    /** The most likely class of each sequence, without recording a graph. */
    public int[] predict(Variable input, int[] lengths) {
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            return Sequences.argmax(forward(input, lengths).value());
        }
    }
}
