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
import java.util.List;
import java.util.SplittableRandom;

/**
 * A recurrent layer followed by a linear head on the last step's output, for sequence-to-value
 * regression: {@code y = h_T W^T + b}. Inputs are batch first, [B, T, I]; outputs [B, O].
 * The head's parameters are {@code head.weight} [O, D*H] and {@code head.bias} [O], drawn from
 * U(-1/sqrt(D*H), 1/sqrt(D*H)) as PyTorch's {@code nn.Linear}.
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
        int features = layer.directions() * layer.hiddenSize();
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
        return StateDictKeys.identity().addPrefix(layerModule + ".", layer.namedParameters().keySet());
    }

    /**
     * {@link #torchKeys(String)} with the layer attribute named after PyTorch's class of the cell:
     * {@code lstm}, {@code gru}, {@code rnn} (both Elman cells), or the cell's name otherwise.
     */
    public StateDictKeys torchKeys() {
        String cell = layer.cellName();
        return torchKeys(cell.startsWith("rnn_") ? "rnn" : cell);
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
}
