package dev.jrnn.forecast.select;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.select.ModelSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The default configuration for one short series: an LSTM reading two or three seasons (whole days
 * per step for long seasons), the log deseasonalised by the input window's profile and levelled by
 * its last season, a direct quantile head, a training budget sized to the number of windows; and
 * the candidates {@code jrnn forecast} chooses among (each alone, or the mean of both): that window,
 * and one of a single season, over which the network learns a correction of the last season
 * (seasonal naive).
 */
public final class ClassicDefaults {
    /** Gradient steps a training run aims at, whatever the number of windows. */
    private static final int STEPS_WANTED = 600;

    private ClassicDefaults() {
    }

    public static ForecastConfigBuilder builder(TimeSeries train, int season, int horizon) {
        int seasons = train.length() >= 8 * season + horizon ? 3 : 2;
        return builder(train, season, horizon, seasons);
    }

    /**
     * The candidates to select among, after the user's options {@code options}; configurations
     * that the options make equal are tried once.
     */
    public static List<ModelSelection.Candidate> candidates(TimeSeries train, int season, int horizon,
                                                     UnaryOperator<ForecastConfigBuilder> options) {
        return candidates(train, season, horizon, options, List.of());
    }

    /**
     * The candidates of {@link #candidates(TimeSeries, int, int, UnaryOperator)} and, when some of
     * {@code others} (series of the same season, training parts only) are long enough for the wide
     * window, a cross-learned twin of each: the same window trained as one global model on
     * {@code train} and those series (its epochs sized to all their windows), so that the network sees
     * rising and falling windows alike and does not carry a drift of a short series' own history forward.
     */
    public static List<ModelSelection.Candidate> candidates(TimeSeries train, int season, int horizon,
                                                     UnaryOperator<ForecastConfigBuilder> options,
                                                     List<TimeSeries> others) {
        List<ModelSelection.Candidate> out = new ArrayList<>();
        ForecastConfig wide = options.apply(builder(train, season, horizon)).build();
        out.add(new ModelSelection.Candidate(describe(wide), wide));
        if (season > 1) {
            ForecastConfig one = options.apply(builder(train, season, horizon, 1)).build();
            if (!one.equals(wide)) {
                out.add(new ModelSelection.Candidate(describe(one), one));
            }
        }
        List<TimeSeries> companions = others.stream()
                .filter(s -> s.length() >= wide.trainingLength() && !s.name().equals(train.name())).toList();
        if (!companions.isEmpty()) {
            // one cross-learned candidate per window of the series' own candidates
            for (ModelSelection.Candidate own : List.copyOf(out)) {
                int seasons = Math.max(1, own.config().inputLength() / Math.max(1, season));
                int windows = companions.stream()
                        .mapToInt(s -> Math.max(0, s.length() - own.config().trainingLength() + 1)).sum();
                ForecastConfig cross = options.apply(builder(train, season, horizon, seasons, windows)).build();
                out.add(new ModelSelection.Candidate(own.name() + " cross-learned with " + companions.size()
                        + " series", cross, companions));
            }
        }
        return out;
    }

    private static String describe(ForecastConfig c) {
        int seasons = c.inputLength() / c.season();
        return "input " + c.inputLength() + (c.inputLength() % c.season() == 0 && c.season() > 1
                ? " (" + seasons + " season" + (seasons > 1 ? "s" : "") + ")" : "");
    }

    private static ForecastConfigBuilder builder(TimeSeries train, int season, int horizon, int seasons) {
        return builder(train, season, horizon, seasons, 0);
    }

    /** {@code extraWindows}: training windows of companion series, which size the epochs with the own ones. */
    private static ForecastConfigBuilder builder(TimeSeries train, int season, int horizon, int seasons,
                                                 int extraWindows) {
        int stepSize = season > 48 ? largestDivisorAtMost(season, 48) : 1;
        int input = Math.max(seasons * season, stepSize);
        while (input + horizon > train.length() && input - season >= Math.max(season, stepSize)) {
            input -= season;
        }
        ForecastConfigBuilder b = ForecastConfig.builder(season, horizon).inputLength(input).stepSize(stepSize)
                .log(true).scaling(ScalingMode.LAST_WINDOW).deseasonalise(season > 1 && input >= season)
                .hidden(32).batchSize(16).learningRate(0.005);
        int windows = Math.max(1, train.length() - input - horizon + 1) + extraWindows;
        int perEpoch = (windows + 15) / 16;
        return b.epochs(Math.max(20, Math.min(300, STEPS_WANTED / perEpoch)));
    }

    private static int largestDivisorAtMost(int n, int limit) {
        for (int d = limit; d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
