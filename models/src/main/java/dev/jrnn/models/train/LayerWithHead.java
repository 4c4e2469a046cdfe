package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.io.StateDictKeys;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recurrent layer and a linear head over what {@link #pool} takes of its output, the shape of
 * the classifiers: inputs batch first [B, T, I], the head {@code head.weight} [C, D*H] and
 * {@code head.bias} [C] as {@code nn.Linear} (D*P over an LSTM with projections), one
 * {@link WeightGuard} over both.
 */
abstract class LayerWithHead implements Model {
    final RecurrentLayer layer;
    final LinearHead head;
    private final WeightGuard guard;

    LayerWithHead(RecurrentLayer layer, int classes, long seed) {
        this.layer = layer;
        this.head = LinearHead.create("head", layer.outputSize(), classes, layer.backend(), layer.dtype(), seed);
        this.guard = WeightGuard.share(parameters());
    }

    /** What the head reads of the layer's output, batch first. */
    abstract Variable pool(LayerOutput out);

    /** The head's row of the summary: where it reads, and its output shape. */
    abstract String headPlacement();

    abstract String outputShape();

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

    /** The logits of full-length sequences [B, T, I]. */
    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /** The logits of sequences [B, T, I] whose sample b has {@code lengths[b]} real steps (null: all T). */
    @Override
    public Variable forward(Variable input, int[] lengths) {
        try (WeightGuard.Lease weights = guard.read()) {
            return head.apply(pool(layer.forward(Sequences.toLayout(layer, input), null, lengths)));
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
                new ModelSummary.Row("head", "Linear(" + layer.outputSize() + ", " + classes() + ") " + headPlacement(),
                        outputShape(), Sequences.count(head.parameters())));
        return new ModelSummary(getClass().getSimpleName(), rows, "[B, T, " + layer.inputSize() + "]", parameters())
                .toString();
    }

    /** The model as PyTorch prints a module: its layer and its head. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(\n  (layer): " + layer + "\n  (head): "
                + Sequences.linear(layer.outputSize(), classes()) + "\n)";
    }
}
