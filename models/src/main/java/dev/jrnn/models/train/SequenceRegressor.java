package dev.jrnn.models.train;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.StateDictKeys;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import dev.jrnn.models.layer.SeededRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A recurrent layer followed by a linear head on the last step's output, for sequence-to-value
 * regression: {@code y = h_T W^T + b}. Inputs are batch first, [B, T, I]; outputs [B, O].
 * With lengths ({@link #forward(Variable, int[])}) each sequence's last real step is its
 * {@code h_T}: the layer runs with PyTorch's packed semantics, so the padding past a sequence's
 * end changes nothing.
 * The head's parameters are {@code head.weight} [O, D*H] and {@code head.bias} [O], drawn from
 * U(-1/sqrt(D*H), 1/sqrt(D*H)) as PyTorch's {@code nn.Linear} (D*P in place of D*H over an LSTM
 * with projections).
 *
 * <p>Thread safety: as {@link RecurrentLayer}; the head shares the layer's {@link WeightGuard},
 * so a forward pass reads layer and head from one weight set while they are replaced.
 */
public final class SequenceRegressor implements Model {
    private final RecurrentLayer layer;
    private final Parameter weight;
    private final Parameter bias;
    private final WeightGuard guard;

    /** Wraps {@code layer} with a head of {@code outputSize} outputs drawn from {@code seed}. */
    public SequenceRegressor(RecurrentLayer layer, int outputSize, long seed) {
        this.layer = layer;
        int features = layer.outputSize();
        Backend be = layer.backend();
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(features);
        this.weight = new Parameter("head.weight", be.fromArray(uniform(random, outputSize * features, bound),
                Shape.of(outputSize, features), layer.dtype()));
        this.bias = new Parameter("head.bias", be.fromArray(uniform(random, outputSize, bound),
                Shape.of(outputSize), layer.dtype()));
        this.guard = WeightGuard.share(parameters());
    }

    private static double[] uniform(SplittableRandom random, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-bound, bound);
        }
        return v;
    }

    /** The recurrent layer. */
    public RecurrentLayer layer() {
        return layer;
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
        all.add(weight);
        all.add(bias);
        return all;
    }

    @Override
    public WeightGuard guard() {
        return guard;
    }

    @Override
    public Variable forward(Variable input) {
        try (WeightGuard.Lease weights = guard.read()) {
            return run(input);
        }
    }

    /**
     * The prediction for sequences padded to T: sequence b's output is the head applied to the
     * layer's output at its last real step {@code lengths[b] - 1}. For a unidirectional layer that
     * is the last layer's final state h_n; for a bidirectional one, as without lengths, the
     * forward direction's final state beside the backward direction's output at that step.
     *
     * @param input   [B, T, I]
     * @param lengths each sequence's length, 1 to T; null when all are T
     * @throws IllegalArgumentException when the lengths do not fit the batch (naming the sequence)
     */
    @Override
    public Variable forward(Variable input, int[] lengths) {
        if (lengths == null) {
            return forward(input);
        }
        if (input.shape().rank() != 3) {
            throw new IllegalArgumentException("sequence regressor: input has shape " + input.shape()
                    + ", expected [B, T, " + layer.inputSize() + "]");
        }
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        if (lengths.length != batch) {
            throw new IllegalArgumentException("sequence regressor: " + lengths.length + " lengths for a batch of "
                    + batch + " sequences");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("sequence regressor: length " + lengths[b] + " of sequence " + b
                        + " is outside [1, " + steps + "] (the padded batch has " + steps + " steps)");
            }
        }
        try (WeightGuard.Lease weights = guard.read()) {
            Variable x = layer.batchFirst() ? input : Ops.transpose(input, 1, 0, 2);
            Variable out = layer.forward(x, null, lengths).output();
            Variable batchFirst = layer.batchFirst() ? out : Ops.transpose(out, 1, 0, 2);
            return Ops.linear(lastSteps(batchFirst, lengths), weight, bias);
        }
    }

    /**
     * Row b of the result is {@code out[b, lengths[b] - 1, :]}: out [B, T, F] times a one-hot
     * selector of each row's last step, summed over time (adding only exact zeros, so the value is
     * the selected output exactly; the gradient reaches only the selected steps).
     */
    private static Variable lastSteps(Variable out, int[] lengths) {
        int batch = out.shape().dim(0);
        int steps = out.shape().dim(1);
        int features = out.shape().dim(2);
        double[] select = new double[batch * steps];
        for (int b = 0; b < batch; b++) {
            select[b * steps + lengths[b] - 1] = 1.0;
        }
        Backend be = out.backend();
        Variable selector = Variable.constant(be.expand(be.fromArray(select, Shape.of(batch, steps), out.dtype()),
                2, features));
        return Ops.sum(Ops.mul(out, selector), 1);
    }

    private Variable run(Variable input) {
        Variable x = layer.batchFirst() ? input : Ops.transpose(input, 1, 0, 2);
        Variable out = layer.forward(x).output();
        int steps = out.shape().dim(layer.batchFirst() ? 1 : 0);
        Variable last = layer.batchFirst()
                ? Ops.slice(out, 1, steps - 1, steps)
                : Ops.slice(out, 0, steps - 1, steps);
        int batch = input.shape().dim(0);
        Variable h = Ops.reshape(last, Shape.of(batch, out.shape().dim(2)));
        return Ops.linear(h, weight, bias);
    }

    @Override
    public void train(boolean on) {
        layer.train(on);
    }

    /** The layer's dropout generator, as {@code layer.dropout}. */
    @Override
    public Map<String, SeededRandom> randomGenerators() {
        return Map.of("layer.dropout", layer.dropoutRandom());
    }

    /** The layer and the head, their output shapes and parameter counts, the totals, dtype and backend. */
    @Override
    public String summary() {
        int features = layer.outputSize();
        String layerOut = Sequences.outputShape(layer);
        List<ModelSummary.Row> rows = List.of(
                new ModelSummary.Row("layer", layer.toString(), layerOut, count(layer.parameters())),
                new ModelSummary.Row("head", "Linear(" + features + ", " + weight.shape().dim(0) + ") on the last step",
                        "[B, " + weight.shape().dim(0) + "]", count(List.of(weight, bias))));
        return new ModelSummary("SequenceRegressor", rows, "[B, T, " + layer.inputSize() + "]", parameters())
                .toString();
    }

    private static long count(List<Parameter> parameters) {
        return parameters.stream().mapToLong(p -> p.shape().size()).sum();
    }

    /** The model as PyTorch prints a module: its layer and its head. */
    @Override
    public String toString() {
        return "SequenceRegressor(\n  (layer): " + layer + "\n  (head): Linear(in_features=" + weight.shape().dim(1)
                + ", out_features=" + weight.shape().dim(0) + ", bias=True)\n)";
    }
}
