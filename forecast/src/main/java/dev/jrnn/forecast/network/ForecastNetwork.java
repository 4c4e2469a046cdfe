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
 * With {@link ForecastConfig#inputSkip()} the direct head also reads the input window's scaled
 * observations {@code x} (the last {@code inputLength}, covariates left out) through a linear map of
 * its own, {@code s = x S^T} with S [horizon, inputLength], which shifts the location of each
 * forecast step: {@code out[t, q] = (h W^T + b)[t, q] + s[t]} for every quantile level q (the point;
 * the Gaussian's mean, not its scale). The path past the recurrent layer starts at zero
 * ({@code S = 0}), so training begins from the plain network, and lets the head copy what the window
 * holds (last week's values of the hours forecast, say) rather than carry it through the state; the
 * spread of the forecast stays the recurrent state's. One shift per step rather than per output
 * keeps the skip's products a k-th of the head's size.
 *
 * <p>The cell {@value ForecastConfig#MLP} replaces the recurrent layer by dense layers over the
 * whole input window, flattened ({@code DenseStack}: {@code layers} layers of {@code hidden}
 * features with ReLU), under the same head: a direct forecaster with no state, for ensembles that
 * mix model classes.
 *
 * <p>Thread safety: {@link #forward} runs from many threads at once, also while the weights are
 * replaced: layer and head share one {@link #guard()}, leased by each pass.
 */
public final class ForecastNetwork {
    /** The Gaussian head's loss, {@code sigma = softplus(rho) + 1e-3}; its scale decodes the head too. */
    static final SoftplusGaussianNllLoss GAUSSIAN = new SoftplusGaussianNllLoss(1e-3, Reduction.MEAN);

    private final Backend backend;
    private final ForecastConfig config;
    /** The recurrent body; null for the {@code mlp} network. */
    private final RecurrentLayer layer;
    /** The dense body of the {@code mlp} network; null for a recurrent one. */
    private final DenseStack dense;
    private final Parameter headWeight;
    private final Parameter headBias;
    /** The input skip's {@code S}, [horizon, inputLength]; null without the skip. */
    private final Parameter skipWeight;
    private final WeightGuard guard;

    public ForecastNetwork(Backend backend, ForecastConfig config, int inputSize) {
        this.backend = backend;
        this.config = config;
        if (config.dense()) {
            this.layer = null;
            this.dense = new DenseStack(backend, config.dtype(), config.steps() * inputSize, config.hidden(),
                    config.layers(), config.seed());
        } else {
            RecurrentLayerBuilder builder = RecurrentLayer.builder(cellName(config.cell())).backend(backend)
                    .dtype(config.dtype()).inputSize(inputSize).hiddenSize(config.hidden()).numLayers(config.layers())
                    .seed(config.seed());
            config.cellOptions().forEach(builder::option);
            this.layer = builder.build();
            this.dense = null;
        }
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
        this.skipWeight = config.inputSkip()
                ? new Parameter("head.skip", backend.zeros(Shape.of(config.horizon(), config.inputLength()), config.dtype()))
                : null;
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

    /**
     * Every trainable parameter: the recurrent layer's (PyTorch names) or the dense layers'
     * ({@code dense.weight_l<k>}, {@code dense.bias_l<k>}), then {@code head.weight},
     * {@code head.bias} and, with the input skip, {@code head.skip}.
     */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(layer != null ? layer.parameters() : dense.parameters());
        all.add(headWeight);
        all.add(headBias);
        if (skipWeight != null) {
            all.add(skipWeight);
        }
        return all;
    }

    /** Number of recurrent state tensors: 2 for LSTM, 0 for the {@code mlp} network, else 1. */
    public int stateCount() {
        return layer != null ? layer.stateCount() : 0;
    }

    /** Whether the network carries a state from step to step (every network but the {@code mlp}). */
    public boolean recurrent() {
        return layer != null;
    }

    /**
     * Runs the network over {@code x} [T, B, I] from {@code state} (null for zeros); the input skip
     * reads the observations of x's last {@code inputLength / stepSize} steps.
     *
     * @param allSteps apply the head to every step (recursive training) rather than the last
     * @return the head's output, [B, outputs] or [T*B, outputs], and the final state
     * @throws IllegalArgumentException with the input skip, when x is shorter than an input window
     */
    public Pass forward(Tensor x, RecurrentState state, boolean allSteps) {
        return forward(x, state, allSteps, null);
    }

    /**
     * {@link #forward(Tensor, RecurrentState, boolean)} with the input skip reading {@code window},
     * the scaled observations of the input window [B, inputLength], when x holds only the newest
     * steps of a carried state (a stream); null to read them from x.
     */
    public Pass forward(Tensor x, RecurrentState state, boolean allSteps, Tensor window) {
        try (WeightGuard.Lease weights = guard.read()) {
            return run(x, state, allSteps, window);
        }
    }

    /** Whether the head reads the input window through the input skip. */
    public boolean hasInputSkip() {
        return skipWeight != null;
    }

    private Pass run(Tensor x, RecurrentState state, boolean allSteps, Tensor window) {
        if (dense != null) {
            return runDense(x, state, window);
        }
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        List<Variable> init = state == null ? null : state.toVariables(backend, config.dtype());
        LayerOutput out = layer.forward(Variable.constant(x), init, null);
        int h = config.hidden();
        Variable features = allSteps
                ? Ops.reshape(out.output(), Shape.of(steps * batch, h))
                : Ops.reshape(Ops.slice(out.output(), 0, steps - 1, steps), Shape.of(batch, h));
        Variable head = Ops.linear(features, headWeight, headBias);
        if (skipWeight != null && !allSteps) {
            head = Ops.add(head, shift(Ops.linear(Variable.constant(window != null ? window : observations(x)),
                    skipWeight, null), batch));
        }
        return new Pass(head, RecurrentState.of(out.finalState()));
    }

    /** The {@code mlp} network's pass: one input window, flattened, through the dense layers and the head. */
    private Pass runDense(Tensor x, RecurrentState state, Tensor window) {
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        if (steps != config.steps() || state != null) {
            throw new IllegalArgumentException("the mlp network reads one whole input window of " + config.steps()
                    + " steps and carries no state; got " + steps + " steps" + (state != null ? " and a state" : "")
                    + " (streams and replays over longer histories need a recurrent cell)");
        }
        Tensor flat = backend.reshape(backend.transpose(x, 1, 0, 2), Shape.of(batch, dense.inputs()));
        Variable head = Ops.linear(dense.forward(Variable.constant(flat)), headWeight, headBias);
        if (skipWeight != null) {
            head = Ops.add(head, shift(Ops.linear(Variable.constant(window != null ? window : observations(x)),
                    skipWeight, null), batch));
        }
        return new Pass(head, null);
    }

    /**
     * The input skip's shift of the forecast's location, [B, H], laid out as the head's outputs
     * [B, H * k]: added to every quantile level, to the point, to the Gaussian's mean (its scale
     * left to the recurrent state).
     */
    private Variable shift(Variable location, int batch) {
        int h = config.horizon();
        int k = config.outputsPerStep();
        return switch (config.output()) {
            case POINT -> location;
            case QUANTILE -> Ops.reshape(Ops.expand(location, 2, k), Shape.of(batch, h * k));
            case GAUSSIAN -> Ops.reshape(Ops.concat(2, List.of(Ops.reshape(location, Shape.of(batch, h, 1)),
                    Variable.constant(backend.zeros(Shape.of(batch, h, 1), config.dtype())))), Shape.of(batch, h * 2));
        };
    }

    /** The scaled observations of the last input window of {@code x} [T, B, I], as [B, inputLength]. */
    private Tensor observations(Tensor x) {
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        int window = config.steps();
        if (steps < window) {
            throw new IllegalArgumentException("the input skip reads a whole input window of " + window + " steps; got "
                    + steps + " (pass the window's observations with a stream's newest steps)");
        }
        Tensor last = backend.slice(backend.slice(x, 0, steps - window, steps), 2, 0, config.stepSize());
        return backend.reshape(backend.transpose(last, 1, 0, 2), Shape.of(batch, config.inputLength()));
    }

    /**
     * One run of the network.
     *
     * @param head  the head's output
     * @param state the recurrent state after the last step, copied to the host; null for the
     *              {@code mlp} network, which has none
     */
    public record Pass(Variable head, RecurrentState state) {
    }
}
