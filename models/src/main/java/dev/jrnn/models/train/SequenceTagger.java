package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Many-to-many classification (tagging): a recurrent layer and a linear head on its output at
 * every step, {@code z_t = y_t W^T + b}. Inputs are batch first, [B, T, I]; logits [B, T, C],
 * trained against targets [B, T] with {@link dev.jrnn.models.loss.Loss#crossEntropy()}. With
 * lengths, the layer's output past a sequence's end is zero, so the logits there are the bias:
 * give those positions the loss's ignore index (-100) as target. The head is
 * {@code head.weight} [C, D*H] and {@code head.bias} [C], as {@code nn.Linear}.
 *
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's {@link WeightGuard}.
 */
public final class SequenceTagger implements Model {
    private final RecurrentLayer layer;
    private final LinearHead head;
    private final WeightGuard guard;

    /** Wraps {@code layer} with a head of {@code classes} outputs per step drawn from {@code seed}. */
    public SequenceTagger(RecurrentLayer layer, int classes, long seed) {
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

    /** The logits [B, T, C] of full-length sequences [B, T, I]. */
    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /** The logits [B, T, C] of sequences [B, T, I] whose sample b has {@code lengths[b]} real steps (null: all T). */
    @Override
    public Variable forward(Variable input, int[] lengths) {
        try (WeightGuard.Lease weights = guard.read()) {
            Variable out = layer.forward(Sequences.toLayout(layer, input), null, lengths).output();
            return head.apply(Sequences.fromLayout(layer, out));
        }
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

    @Override
    public void train(boolean on) {
        layer.train(on);
    }

    @Override
    public String toString() {
        return "SequenceTagger(" + layer.cellName() + " " + layer.inputSize() + " -> " + layer.hiddenSize() + " x"
                + layer.numLayers() + (layer.directions() == 2 ? " bidirectional" : "") + ", head -> " + classes()
                + " classes per step, " + layer.dtype() + ")";
    }
}
