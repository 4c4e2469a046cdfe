package dev.jrnn.forecast.select;

import dev.jrnn.api.backend.Workload;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Ets;
import dev.jrnn.forecast.eval.Seasonality;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The candidates {@link ModelSelection} chooses among for one series of any frequency, from its
 * season {@code m} and horizon {@code h} alone:
 * <ul>
 * <li>an LSTM per input window, in seasons and in horizons: {@code m}, {@code 3m} and {@code 3h}
 *     for seasonal data, {@code h}, {@code 2h} and {@code 4h} otherwise, each kept when the
 *     series, cut at the deepest validation origin, still yields {@value #MIN_WINDOWS} training
 *     windows; the log is taken of positive series, the window deseasonalised when the series tests
 *     seasonal, long seasons read a fraction of a season per step; the training budget is about
 *     {@value #STEPS_WANTED} gradient steps whatever the number of windows;</li>
 * <li>with companions (other series of the same season, training parts only), a cross-learned twin
 *     of each window: one global model over the series and those long enough;</li>
 * <li>seasonal naive, Theta, damped Holt-Winters, ETS and ARIMA, so that a network that validates
 *     worse than them is not chosen; for seasons longer than {@value Ets#MAX_SEASON} (a week of hours
 *     or half-hours), which ETS and ARIMA reach only through an MSTL decomposition's last cycle, also
 *     the seasonal mean of the last seasons' shapes ({@link dev.jrnn.forecast.eval.SeasonalMean}).</li>
 * </ul>
 */
public final class Candidates {
    /** Training windows a candidate needs at the deepest validation origin. */
    public static final int MIN_WINDOWS = 6;
    /** Gradient steps a training run aims at, whatever the number of windows. */
    private static final int STEPS_WANTED = 600;
    /** The longest recurrent sequence: longer windows read several observations per step. */
    private static final int MAX_STEPS = 48;

    private Candidates() {
    }

    /**
     * The candidates for {@code series}, validated on {@code origins} origins.
     *
     * @param options    the user's settings, applied to each network configuration last
     * @param companions series for cross-learned twins (their training parts only); may be empty
     * @param level      the interval's nominal coverage of every candidate
     */
    public static List<Candidate> of(TimeSeries series, int season, int horizon, int origins,
                                     UnaryOperator<ForecastConfigBuilder> options, List<TimeSeries> companions,
                                     double level) {
        List<Candidate> out = new ArrayList<>();
        int rest = series.length() - origins * horizon;
        boolean seasonal = season > 1 && Seasonality.isSeasonal(series.values(), season);
        List<Candidate.Network> own = new ArrayList<>();
        for (int input : windows(season, horizon)) {
            ForecastConfig c = options.apply(builder(series, season, horizon, input, seasonal, 0, level)).build();
            if (rest - c.trainingLength() + 1 >= MIN_WINDOWS
                    && own.stream().noneMatch(o -> o.config().equals(c))) {
                own.add(new Candidate.Network(describe(c), c));
            }
        }
        if (own.isEmpty()) {
            ForecastConfig forced = options.apply(builder(series, season, horizon, windows(season, horizon).get(0),
                    seasonal, 0, level)).build();
            boolean overridden = windows(season, horizon).stream().allMatch(w -> options.apply(
                    builder(series, season, horizon, w, seasonal, 0, level)).build().inputLength() == forced.inputLength());
            if (overridden && windows(season, horizon).size() > 1) {
                throw new IllegalArgumentException("series " + series.name() + " has " + series.length()
                        + " observations, too few for an input window of " + forced.inputLength() + ": validating it"
                        + " at " + origins + " origins " + horizon + " apart needs " + (forced.trainingLength()
                        + MIN_WINDOWS - 1 + origins * horizon) + " (" + MIN_WINDOWS + " training windows)");
            }
        }
        out.addAll(own);
        for (Candidate.Network o : own) {
            List<TimeSeries> usable = companions.stream()
                    .filter(s -> s.length() >= o.config().trainingLength() && !s.name().equals(series.name()))
                    .toList();
            if (!usable.isEmpty()) {
                int windows = usable.stream().mapToInt(s -> s.length() - o.config().trainingLength() + 1).sum();
                ForecastConfig cross = options.apply(builder(series, season, horizon, o.config().inputLength(),
                        seasonal, windows, level)).build();
                out.add(new Candidate.Network(o.name() + " cross-learned with " + usable.size() + " series",
                        cross, usable));
            }
        }
        for (StatisticalMethod.Kind k : statisticalKinds(season)) {
            out.add(new Candidate.Statistical(new StatisticalMethod(k, season, horizon, level)));
        }
        return out;
    }

    /**
     * What the largest network among {@code candidates} asks of a backend per training step
     * ({@link ForecastTrainer#workload}, measured on {@code series}; the most flops, then the most
     * calls), for choosing a backend with {@link dev.jrnn.api.backend.Backends#select(String, Workload)};
     * empty when no candidate is a network.
     */
    public static Optional<Workload> workload(List<Candidate> candidates, TimeSeries series) {
        return candidates.stream()
                .filter(Candidate.Network.class::isInstance)
                .map(c -> ((Candidate.Network) c).config())
                .distinct()
                .map(c -> ForecastTrainer.workload(c, series))
                .max(Comparator.comparingDouble(Workload::flops).thenComparingLong(Workload::ops));
    }

    /**
     * The statistical methods that are candidates for a season of {@code season}: every kind, less
     * the seasonal mean and double seasonal Holt-Winters for seasons up to {@value Ets#MAX_SEASON},
     * which seasonal ETS and ARIMA model directly, smoothing the season over many cycles.
     */
    public static List<StatisticalMethod.Kind> statisticalKinds(int season) {
        return Arrays.stream(StatisticalMethod.Kind.values())
                .filter(k -> season > Ets.MAX_SEASON || (k != StatisticalMethod.Kind.SEASONAL_MEAN
                        && k != StatisticalMethod.Kind.DOUBLE_SEASONAL_HOLT_WINTERS))
                .toList();
    }

    /**
     * Why {@code candidates} (of {@link #of}) hold no network, if they hold none: the series is too short
     * for the shortest input window to give {@value #MIN_WINDOWS} training windows at the deepest of the
     * {@code origins} validation origins. Empty when a network is among them.
     */
    public static Optional<String> whyNoNetwork(List<Candidate> candidates, TimeSeries series, int season, int horizon,
                                                int origins, UnaryOperator<ForecastConfigBuilder> options) {
        if (candidates.stream().anyMatch(c -> c instanceof Candidate.Network)) {
            return Optional.empty();
        }
        ForecastConfig shortest = options.apply(builder(series, season, horizon, windows(season, horizon).get(0),
                false, 0, 0.9)).build();
        int needed = shortest.trainingLength() + MIN_WINDOWS - 1 + origins * horizon;
        return Optional.of("no network among the candidates of series " + series.name() + ": its " + series.length()
                + " observations are too few for the shortest input window, " + shortest.inputLength()
                + ", which needs " + needed + " (" + MIN_WINDOWS + " training windows of " + shortest.trainingLength()
                + (origins > 0 ? ", and " + origins + " horizon" + (origins > 1 ? "s" : "") + " of " + horizon
                + " held out for validation" : "") + "); the candidates are the classical methods");
    }

    /** The input windows tried, shortest first, without repeats. */
    static List<Integer> windows(int season, int horizon) {
        Set<Integer> w = new LinkedHashSet<>();
        if (season > 1) {
            w.addAll(List.of(season, 3 * season, 3 * horizon));
        } else {
            w.addAll(List.of(Math.max(2, horizon), Math.max(2, 2 * horizon), Math.max(2, 4 * horizon)));
        }
        return w.stream().sorted().toList();
    }

    static String describe(ForecastConfig c) {
        int m = c.season();
        int seasons = c.inputLength() / m;
        return "lstm input " + c.inputLength() + (m > 1 && c.inputLength() % m == 0
                ? " (" + seasons + " season" + (seasons > 1 ? "s" : "") + ")" : "");
    }

    /**
     * @param extraWindows training windows of companion series, which size the epochs with the own ones
     */
    private static ForecastConfigBuilder builder(TimeSeries series, int season, int horizon, int input,
                                                 boolean seasonal, int extraWindows, double level) {
        int stepSize = stepSize(input, season);
        int length = (input + stepSize - 1) / stepSize * stepSize;
        boolean positive = Arrays.stream(series.values()).allMatch(v -> v > 0);
        ForecastConfigBuilder b = ForecastConfig.builder(season, horizon).inputLength(length).stepSize(stepSize)
                .log(positive).scaling(ScalingMode.LAST_WINDOW).deseasonalise(seasonal && length >= season)
                .hidden(32).batchSize(16).learningRate(0.005).intervalLevel(level);
        int windows = Math.max(1, series.length() - length - horizon + 1) + extraWindows;
        int perEpoch = (windows + 15) / 16;
        return b.epochs(Math.max(20, Math.min(300, STEPS_WANTED / perEpoch)));
    }

    /**
     * Observations per recurrent step: one while a window fits in {@value #MAX_STEPS} steps, else the
     * largest divisor of the season up to {@value #MAX_STEPS} (a day of half-hours in a week, a day of
     * hours), so that every step starts at the same phase of the season and reads whole sub-cycles.
     */
    static int stepSize(int input, int season) {
        if (input <= MAX_STEPS) {
            return 1;
        }
        for (int d = Math.min(season, MAX_STEPS); d > 1; d--) {
            if (season % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
