package dev.jrnn.forecast.network;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.RecurrentLayerBuilder;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.loss.Reduction;
import dev.jrnn.models.loss.SoftplusGaussianNllLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The forecasting network: a stacked recurrent layer (any registered cell) and a linear head,
 * {@code out = h W^T + b}, applied to the top layer's last output (direct strategy, all
 * {@code horizon * k} outputs at once) or to every step's output (recursive strategy, k outputs).
 *
 * <p>Thread safety: {@link #forward} runs from many threads at once, also while the weights are
 * replaced: layer and head share one {@link #guard()}, leased by each pass.
 */
public final class ForecastNetwork {
    /** The Gaussian head's loss, {@code sigma = softplus(rho) + 1e-3}; its scale decodes the head too. */
    static final SoftplusGaussianNllLoss GAUSSIAN = new SoftplusGaussianNllLoss(1e-3, Reduction.MEAN);

    private final Backend backend;
    private final ForecastConfig config;
    private final RecurrentLayer layer;
    private final Parameter headWeight;
    private final Parameter headBias;
    private final WeightGuard guard;

    public ForecastNetwork(Backend backend, ForecastConfig config, int inputSize) {
        this.backend = backend;
        this.config = config;
        RecurrentLayerBuilder builder = RecurrentLayer.builder(cellName(config.cell())).backend(backend)
                .dtype(config.dtype()).inputSize(inputSize).hiddenSize(config.hidden()).numLayers(config.layers())
                .seed(config.seed());
        config.cellOptions().forEach(builder::option);
        this.layer = builder.build();
        int outputs = outputs();
        int h = config.hidden();
        double bound = 1 / Math.sqrt(h);
        SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        double[] w = new double[outputs * h];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * random.nextDouble() - 1) * bound;
        }
        this.headWeight = new Parameter("head.weight", backend.fromArray(w, Shape.of(outputs, h), config.dtype()));
        this.headBias = new Parameter("head.bias", backend.zeros(Shape.of(outputs), config.dtype()));
        this.guard = WeightGuard.share(parameters());
    }

    /** The guard shared by all the parameters; a lease on it keeps one weight set over several passes. */
    public WeightGuard guard() {
        return guard;
    }

    /**
     * The registered cell name for a model name, from the table of cell names ({@link Cells#names()}:
     * {@code rnn} means {@code rnn_tanh}); a name no cell has is returned lower case, for the layer
     * builder to refuse listing the names found.
     */
    public static String cellName(String model) {
        return Cells.canonicalName(model).orElse(model.toLowerCase(Locale.ROOT));
    }

    /** Head outputs per window: {@code horizon * k} (direct) or {@code k} per step (recursive). */
    public int outputs() {
        int k = config.outputsPerStep();
        return config.strategy() == Strategy.DIRECT ? config.horizon() * k : k;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * The training loss of the head, a mean over the targets of the head's outputs shaped as the
     * targets with k per target on a trailing axis: squared error (POINT), Gaussian NLL of
     * (mu, rho) pairs (GAUSSIAN), pinball over the quantile levels (QUANTILE).
     */
    public Loss loss() {
        return switch (config.output()) {
            case POINT -> Loss.mse();
            case GAUSSIAN -> GAUSSIAN;
            case QUANTILE -> Loss.pinball(config.quantiles());
        };
    }

    /** Every trainable parameter: the recurrent layer's (PyTorch names), then {@code head.weight}, {@code head.bias}. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(layer.parameters());
        all.add(headWeight);
        all.add(headBias);
        return all;
    }

    /** Number of recurrent state tensors: 2 for LSTM, else 1. */
    public int stateCount() {
        return layer.stateCount();
    }

    /**
     * Runs the network over {@code x} [T, B, I] from {@code state} (null for zeros).
     *
     * @param allSteps apply the head to every step (recursive training) rather than the last
     * @return the head's output, [B, outputs] or [T*B, outputs], and the final state
     */
    public Pass forward(Tensor x, RecurrentState state, boolean allSteps) {
        try (WeightGuard.Lease weights = guard.read()) {
            return run(x, state, allSteps);
        }
    }

    private Pass run(Tensor x, RecurrentState state, boolean allSteps) {
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        List<Variable> init = state == null ? null : state.toVariables(backend, config.dtype());
        LayerOutput out = layer.forward(Variable.constant(x), init, null);
        int h = config.hidden();
        Variable features = allSteps
                ? Ops.reshape(out.output(), Shape.of(steps * batch, h))
                : Ops.reshape(Ops.slice(out.output(), 0, steps - 1, steps), Shape.of(batch, h));
        Variable head = Ops.linear(features, headWeight, headBias);
        return new Pass(head, RecurrentState.of(out.finalState()));
    }

    /**
     * One run of the network.
     *
     * @param head  the head's output
     * @param state the recurrent state after the last step, copied to the host
     */
    public record Pass(Variable head, RecurrentState state) {
    }
}
