package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Many-to-one classification: a recurrent layer and a linear head on its top layer's final hidden
 * state, {@code z = [h_fwd, h_bwd] W^T + b}, logits of C classes (train with
 * {@link dev.jrnn.models.loss.Loss#crossEntropy()}). Inputs are batch first, [B, T, I]; logits [B, C].
 * The final state is taken at each sequence's last real step ({@link #forward(Variable, int[])}):
 * for one direction the output there, for a bidirectional layer also the backward direction's
 * state after it has read the sequence back to its first step, as {@code h_n} in PyTorch.
 * The head is {@code head.weight} [C, D*H] and {@code head.bias} [C], as {@code nn.Linear}.
 *
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's {@link WeightGuard}.
 */
public final class SequenceClassifier implements Model {
    private final RecurrentLayer layer;
    private final LinearHead head;
    private final WeightGuard guard;

    /** Wraps {@code layer} with a head of {@code classes} outputs drawn from {@code seed}. */
    public SequenceClassifier(RecurrentLayer layer, int classes, long seed) {
        this.layer = layer;
        this.head = LinearHead.create("head", layer.directions() * layer.hiddenSize(), classes, layer.backend(),
                layer.dtype(), seed);
        this.guard = WeightGuard.share(parameters());
    }

    public RecurrentLayer layer() {
        return layer;
    }

    public int classes() {
        return head.outputs();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(layer.parameters());
        all.addAll(head.parameters());
        return all;
    }

    @Override
    public WeightGuard guard() {
        return guard;
    }

    /** The logits [B, C] of full-length sequences [B, T, I]. */
    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /** The logits [B, C] of sequences [B, T, I] whose sample b has {@code lengths[b]} real steps (null: all T). */
    @Override
    public Variable forward(Variable input, int[] lengths) {
        try (WeightGuard.Lease weights = guard.read()) {
            LayerOutput out = layer.forward(Sequences.toLayout(layer, input), null, lengths);
            return head.apply(Sequences.topFinalHidden(layer, out.hn()));
        }
    }

    /** The most likely class of each sequence, without recording a graph. */
    public int[] predict(Variable input, int[] lengths) {
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            return Sequences.argmax(forward(input, lengths).value());
        }
    }

    @Override
    public void train(boolean on) {
        layer.train(on);
    }

    @Override
    public String toString() {
        return "SequenceClassifier(" + layer.cellName() + " " + layer.inputSize() + " -> " + layer.hiddenSize()
                + " x" + layer.numLayers() + (layer.directions() == 2 ? " bidirectional" : "") + ", head -> "
                + classes() + " classes, " + layer.dtype() + ")";
    }
}
