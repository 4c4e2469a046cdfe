package dev.jrnn.forecast;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.SeriesClock;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.io.ForecasterFile;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.network.Predictor;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained global forecaster: the network, the configuration and each training series' scaling
 * (its log decision, {@link SeriesScaling}), so that it forecasts from raw values. Train one with {@link ForecastTrainer#fit}, keep it with
 * {@link #save}, get it back with {@link #load}.
 *
 * <pre>{@code
 * Forecaster f = ForecastTrainer.fit(backend, ForecastConfig.builder(12, 24).build(), List.of(series), null);
 * Forecast next = f.forecast(series);          // point, 90% interval, timestamps
 * }</pre>
 *
 * <p>Thread safety: a forecaster serves {@link #forecast}, {@link #forecastAll}, {@link #replay}
 * and {@link #stream} from many threads at once. Its weights may be replaced meanwhile (a
 * state_dict load into {@link #parameters()}, further training): each forecast holds a lease on
 * the network's {@link WeightGuard} across all its passes (the recursive strategy runs one per
 * step), so it is computed with one weight set, the old or the new. A {@link StreamingForecast}
 * carries one series' state and belongs to one thread; each of its updates uses the weights of
 * that moment.
 */
public final class Forecaster {
    private final ForecastConfig config;
    private final ForecastNetwork network;
    private final WindowEncoder encoder;
    private final SeriesScaling scaling;
    private final Predictor predictor;
    /** Whether a history of another step than the calendar covariates' is forecast rather than refused. */
    private final boolean anyStep;

    public Forecaster(ForecastConfig config, ForecastNetwork network, WindowEncoder encoder, SeriesScaling scaling) {
        this(config, network, encoder, scaling, false);
    }

    private Forecaster(ForecastConfig config, ForecastNetwork network, WindowEncoder encoder, SeriesScaling scaling,
                       boolean anyStep) {
        this.anyStep = anyStep;
        this.config = config;
        this.network = network;
        this.encoder = encoder;
        this.scaling = scaling;
        this.predictor = new Predictor(config, network, encoder);
    }

    public ForecastConfig config() {
        return config;
    }

    /** The backend the network runs on. */
    public Backend backend() {
        return network.backend();
    }

    /** The calendar covariates the network reads. */
    public CalendarEncoder calendar() {
        return encoder.calendar();
    }

    /**
     * The next {@code horizon} steps of {@code history}, from its last {@code inputLength} observations.
     *
     * @throws dev.jrnn.models.train.NonFiniteException naming the series and the place when the
     *         history holds a NaN or infinity, or when the forecast is not finite (weights that diverged)
     * @throws IllegalArgumentException when the network reads calendar covariates of another time
     *         step than the history's ({@link CalendarEncoder#stepMismatch}: daily data given to an
     *         hourly network), naming the series and both steps
     */
    public Forecast forecast(TimeSeries history) {
        Objects.requireNonNull(history, "history");
        return forecastAll(List.of(history)).get(0);
    }

    /** {@link #forecast} of every series, in one batch. */
    public List<Forecast> forecastAll(List<TimeSeries> histories) {
        Arguments.noNulls(histories, "histories");
        if (histories.isEmpty()) {
            return List.of();
        }
        List<Integer> starts = new ArrayList<>();
        for (TimeSeries s : histories) {
            starts.add(s.length() - config.inputLength());
        }
        return replayAll(histories, starts);
    }

    /**
     * Runs the network in one pass over {@code history} from observation {@code from} to its end,
     * scaled as the window starting at {@code from}: the forecast that a stream opened on the first
     * {@code from + inputLength} observations returns after being fed the rest.
     */
    public Forecast replay(TimeSeries history, int from) {
        Objects.requireNonNull(history, "history");
        return replayAll(List.of(history), List.of(from)).get(0);
    }

    /**
     * A stream on {@code history}, warmed up on its last input window; feed it new observations
     * with {@link StreamingForecast#update} and it steps the network from the carried state.
     */
    public StreamingForecast stream(TimeSeries history) {
        Objects.requireNonNull(history, "history");
        if (config.dense()) {
            throw new UnsupportedOperationException("a stream carries a recurrent state; the " + ForecastConfig.MLP
                    + " network has none (forecast each new history with forecast(...) instead)");
        }
        int start = checkLength(history) - config.inputLength();
        Scaler scaler = scaling.scaler(history, start);
        double[] x = new double[config.steps() * encoder.inputSize()];
        encoder.inputs(history, start, config.steps(), scaler, x, 0, 1);
        Predictor.Output out;
        try (WeightGuard.Lease weights = network.guard().read()) {
            out = predictor.run(x, config.steps(), 1, null);
        }
        double[] window = new double[config.inputLength()];
        int in = encoder.inputSize();
        for (int k = 0; k < config.steps(); k++) {
            System.arraycopy(x, k * in, window, k * config.stepSize(), config.stepSize());
        }
        return new StreamingForecast(config, encoder, predictor, new Predictor.Context(history.name(),
                SeriesClock.of(history), history.length(), start, scaler), out, window);
    }

    private List<Forecast> replayAll(List<TimeSeries> histories, List<Integer> starts) {
        try (WeightGuard.Lease weights = network.guard().read()) {
            return replayLeased(histories, starts);
        }
    }

    private List<Forecast> replayLeased(List<TimeSeries> histories, List<Integer> starts) {
        int b = histories.size();
        int steps = -1;
        Predictor.Context[] contexts = new Predictor.Context[b];
        for (int r = 0; r < b; r++) {
            TimeSeries s = histories.get(r);
            int n = checkLength(s);
            int from = starts.get(r);
            if (from < 0 || from + config.inputLength() > n || (n - from) % config.stepSize() != 0) {
                throw new IllegalArgumentException("cannot replay series " + s.name() + " of " + n
                        + " observations from " + from + ": needs whole steps of " + config.stepSize()
                        + " and a full input window of " + config.inputLength());
            }
            int rowSteps = (n - from) / config.stepSize();
            if (steps >= 0 && rowSteps != steps) {
                return mergeSingly(histories, starts);
            }
            steps = rowSteps;
            Scaler scaler = scaling.scaler(s, from);
            contexts[r] = new Predictor.Context(s.name(), SeriesClock.of(s), n, from, scaler);
        }
        double[] x = new double[steps * b * encoder.inputSize()];
        for (int r = 0; r < b; r++) {
            encoder.inputs(histories.get(r), starts.get(r), steps, contexts[r].scaler(), x, r, b);
        }
        Predictor.Output out = predictor.run(x, steps, b, null);
        List<Forecast> forecasts = predictor.predict(List.of(contexts), out.head(), out.state());
        forecasts.forEach(Forecast::requireFinite);
        return forecasts;
    }

    private List<Forecast> mergeSingly(List<TimeSeries> histories, List<Integer> starts) {
        List<Forecast> out = new ArrayList<>();
        for (int r = 0; r < histories.size(); r++) {
            out.add(replayAll(List.of(histories.get(r)), List.of(starts.get(r))).get(0));
        }
        return out;
    }

    private int checkLength(TimeSeries s) {
        s.requireFinite();
        if (!anyStep) {
            encoder.calendar().stepMismatch(s).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        if (s.length() < config.inputLength()) {
            throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                    + " observations, fewer than the input length " + config.inputLength());
        }
        return s.length();
    }

    /** Each series' log decision and STANDARD statistics. */
    public SeriesScaling scaling() {
        return scaling;
    }

    /**
     * This forecaster with another scaling (for example {@link SeriesScaling#withHistories}): the
     * same network, weights shared, so that later training of either changes both.
     */
    public Forecaster withScaling(SeriesScaling newScaling) {
        Objects.requireNonNull(newScaling, "newScaling");
        return new Forecaster(config, network, encoder, newScaling, anyStep);
    }

    /**
     * This forecaster (the same network, weights shared) forecasting histories of any time step with its
     * calendar covariates, without the check of {@link #forecast}: for a network trained on series of
     * several steps on purpose, whose calendar is one series' (they were trained on the same inputs).
     */
    public Forecaster acceptingAnyStep() {
        return new Forecaster(config, network, encoder, scaling, true);
    }

    /**
     * A forecaster with a copy of this one's weights, which later training of this one leaves
     * unchanged (a snapshot ensemble keeps the weights of several epochs this way).
     */
    public Forecaster copy() {
        ForecastNetwork net = new ForecastNetwork(backend(), config, encoder.inputSize());
        List<Parameter> from = network.parameters();
        List<Parameter> to = net.parameters();
        Map<Parameter, Tensor> copies = new LinkedHashMap<>();
        try (WeightGuard.Lease weights = network.guard().read()) {
            for (int i = 0; i < from.size(); i++) {
                copies.put(to.get(i), backend().transfer(from.get(i).value()));
            }
        }
        Parameter.setAll(copies);
        return new Forecaster(config, net, encoder, scaling, anyStep);
    }

    /** The network's parameters: the recurrent layer's under PyTorch's names, then {@code head.weight}, {@code head.bias}. */
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** Writes network, configuration and scaling to one safetensors file, atomically. */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        ForecasterFile.write(file, this);
    }

    /** A forecaster saved by {@link #save}, on {@code backend}. */
    public static Forecaster load(Backend backend, Path file) throws IOException {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(file, "file");
        return ForecasterFile.read(backend, file);
    }
}
