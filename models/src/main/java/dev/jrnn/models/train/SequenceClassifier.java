package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.io.StateDictKeys;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's {@link WeightGuard}.
 */
public final class SequenceClassifier implements Model {
    private final RecurrentLayer layer;
    private final LinearHead head;
    private final WeightGuard guard;

    /** Wraps {@code layer} with a head of {@code classes} outputs drawn from {@code seed}. */
    public SequenceClassifier(RecurrentLayer layer, int classes, long seed) {
        this.layer = layer;
        this.head = LinearHead.create("head", layer.outputSize(), classes, layer.backend(),
                layer.dtype(), seed);
        this.guard = WeightGuard.share(parameters());
    }

    /** The recurrent layer. */
    public RecurrentLayer layer() {
        return layer;
    }

    /** C, the number of classes. */
    public int classes() {
        return head.outputs();
    }

    /**
     * The state-dict keys of the matching PyTorch module, whose layer is the attribute
     * {@code layerModule} and whose head is {@code head} ({@code self.lstm = nn.LSTM(...)},
     * {@code self.head = nn.Linear(...)}): the layer's parameters under {@code layerModule + "."},
     * the head's unchanged. Save and load with it ({@code SaveOptions.DEFAULT.withKeys(...)},
     * {@code LoadOptions.DEFAULT.withKeys(...)}); add rules for other layouts.
     */
    public StateDictKeys torchKeys(String layerModule) {
        return Sequences.torchKeys(layer, layerModule);
    }

    /**
     * {@link #torchKeys(String)} with the layer attribute named after PyTorch's class of the cell:
     * {@code lstm}, {@code gru}, {@code rnn} (both Elman cells), or the cell's name otherwise.
     */
    public StateDictKeys torchKeys() {
        return torchKeys(Sequences.torchModule(layer));
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

    /** The layer's dropout generator, as {@code layer.dropout}: a resumed run draws the masks the uninterrupted run would. */
    @Override
    public Map<String, SeededRandom> randomGenerators() {
        return Map.of("layer.dropout", layer.dropoutRandom());
    }

    /** The layer and the head, their output shapes and parameter counts, the totals, dtype and backend. */
    @Override
    public String summary() {
        List<ModelSummary.Row> rows = List.of(
                new ModelSummary.Row("layer", layer.toString(), Sequences.outputShape(layer),
                        Sequences.count(layer.parameters())),
                new ModelSummary.Row("head", "Linear(" + layer.outputSize() + ", " + classes() + ") on the final state",
                        "[B, " + classes() + "]", Sequences.count(head.parameters())));
        return new ModelSummary("SequenceClassifier", rows, "[B, T, " + layer.inputSize() + "]", parameters()).toString();
    }

    /** The model as PyTorch prints a module: its layer and its head. */
    @Override
    public String toString() {
        return "SequenceClassifier(\n  (layer): " + layer + "\n  (head): " + Sequences.linear(layer.outputSize(), classes()) + "\n)";
    }
}
