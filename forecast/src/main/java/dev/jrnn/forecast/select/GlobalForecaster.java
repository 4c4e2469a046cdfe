package dev.jrnn.forecast.select;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.scale.ScalingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One global model for a whole collection of series (the M4 setting): a GRU of 64 features
 * over the last seven seasons, a season per step (fewer seasons when the shortest series is too
 * short; three horizons a step at a time for non-seasonal data), each window levelled and
 * deseasonalised by itself, a quantile head, 16 windows per series and epoch drawn among the recent
 * past of every series in batches of 64, trained as a {@link SeedEnsemble} (of {@value #MEMBERS}
 * recurrent members by default) whose every second member also has the input skip
 * ({@link ForecastConfig#inputSkip()}: the head reads the input window linearly besides the
 * recurrent state), followed by {@value #MLP_MEMBERS} members of another model class, the
 * {@value ForecastConfig#MLP} network (dense layers over the whole window, see {@link MlpMembers}),
 * which read the recurrent members' window and a longer one in turn ({@link #MLP_LOOKBACKS}),
 * forecasts the mean over members and snapshots (which
 * validated better than their median on M4 Hourly: a few seeds are too few for the median's
 * robustness to pay for the members it leaves out).
 *
 * <p>The head predicts the 10%, 25%, 50%, 75% and 90% quantiles: the point forecast is the median
 * and the 80% interval the outer two. The quartiles are there for the median's sake: the pinball
 * loss is a mean over the levels, so they weigh the centre of the distribution more than the tails,
 * and the shared recurrent layer learns more of what the median needs (M4 Hourly validated better
 * with them than with the three levels alone).
 */
public final class GlobalForecaster {
    /** The head's quantile levels, ascending: the interval's bounds, the quartiles and the median. */
    static final double[] QUANTILES = {0.1, 0.25, 0.5, 0.75, 0.9};
    /** The interval's coverage, whose bounds are the outer levels of {@link #QUANTILES}. */
    static final double INTERVAL_LEVEL = 0.8;
    /**
     * Recurrent members of the ensemble unless told otherwise. A GRU's step costs about four fifths
     * of an LSTM's, and members count more than the last epochs of each: six GRUs of
     * {@value #EPOCHS} epochs at a higher rate validated better on M4 Hourly than four of 60; four
     * GRUs and {@value #MLP_MEMBERS} MLP members validated better still, for the six GRUs' cost.
     * With the MLP members an even count keeps two cores busy to the end.
     */
    public static final int MEMBERS = 4;
    /**
     * Epochs per member: each member's cosine schedule runs over them, so fewer epochs need the
     * higher {@link #LEARNING_RATE} to train as far.
     */
    static final int EPOCHS = 50;
    /** Adam's initial rate, decayed to a tenth by a cosine over the {@value #EPOCHS} epochs. */
    static final double LEARNING_RATE = 0.007;
    /**
     * MLP members added to the {@link #MEMBERS} recurrent ones unless told otherwise: a second
     * model class, whose errors differ from the GRUs'. On M4 Hourly four GRUs and two MLPs
     * validated better than six GRUs on each seed set, at about their cost.
     */
    public static final int MLP_MEMBERS = 2;
    /**
     * Features of an MLP member's dense layers: 128 costs about what a GRU member of 64 does, and
     * the members' mean gained about as much from them as from wider, dearer ones.
     */
    public static final int MLP_WIDTH = 128;
    /** Dense layers of an MLP member. */
    public static final int MLP_LAYERS = 3;
    /**
     * The MLP members' input windows, cycled over them: the recurrent members' window, then ten
     * horizons (each clipped to what the shortest series allows). Members that read different
     * lookbacks err differently (N-BEATS' ensembles of lookbacks): on M4 Hourly an MLP member
     * reading ten horizons (20 days) is a weaker forecaster alone than one reading the recurrent
     * members' 7 days, but the mean with it validated better on every seed set, more than with a
     * member of 14 days; shorter windows (2 to 5 horizons) lost alone and in the mean.
     */
    public static final List<Lookback> MLP_LOOKBACKS = List.of(new Lookback(1, Lookback.Unit.WINDOWS),
            new Lookback(10, Lookback.Unit.HORIZONS));
    /** An MLP member's initial learning rate, decayed as the recurrent members'. */
    public static final double MLP_LEARNING_RATE = 0.002;
    /** The recurrent cell: a GRU, for its cheaper step (see {@link #MEMBERS}). */
    static final String CELL = "gru";

    /**
     * The members: seeds {@code seed, seed + 1000, ...}, and every second one (1, 3, ...) with the
     * input skip, for a direct head. Two kinds of network err differently, so their mean gains more
     * than members of one kind: on M4 Hourly two plain LSTM members and one with the skip validated
     * better than three of either kind, at about the same cost.
     */
    static final SeedEnsemble.MemberConfigs MIXED = (config, k) -> {
        ForecastConfig member = SeedEnsemble.MemberConfigs.SEEDS.member(config, k);
        return k % 2 == 1 && config.strategy() == Strategy.DIRECT ? member.withInputSkip(true) : member;
    };

    /**
     * The ensemble's members of the {@value ForecastConfig#MLP} network, after the recurrent ones:
     * dense layers over the whole input window under the same head, trained on the same windows
     * with the same loss and schedule, at a rate of their own. A second model class whose errors
     * differ from the recurrent members'.
     *
     * @param count        members, 0 for none
     * @param width        features of each dense layer
     * @param layers       dense layers
     * @param learningRate Adam's initial rate, decayed as the recurrent members'
     * @param lookbacks    the input windows the members read, cycled over them (member j reads
     *                     {@code lookbacks[j % size]}), each clipped to what the shortest series allows
     *                     ({@link Lookback#observations}); empty: the ensemble's window
     */
    public record MlpMembers(int count, int width, int layers, double learningRate, List<Lookback> lookbacks) {
        /** No MLP member. */
        public static final MlpMembers NONE = new MlpMembers(0, MLP_WIDTH, MLP_LAYERS, MLP_LEARNING_RATE);
        /**
         * The default: {@value #MLP_MEMBERS} members of {@value #MLP_LAYERS} layers of {@value #MLP_WIDTH},
         * reading {@link #MLP_LOOKBACKS} in turn.
         */
        public static final MlpMembers DEFAULT = NONE.withCount(MLP_MEMBERS).withLookbacks(MLP_LOOKBACKS);

        public MlpMembers {
            if (count < 0 || width < 1 || layers < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("mlp members need a count of at least 0, a width and layers of at"
                        + " least 1 and a positive learning rate, got " + count + ", " + width + ", " + layers + " and "
                        + learningRate);
            }
            if (lookbacks == null) {
                throw new IllegalArgumentException("mlp members need a list of lookbacks, empty for the ensemble's window");
            }
            lookbacks = List.copyOf(lookbacks);
        }

        /** Members that read the ensemble's input window. */
        public MlpMembers(int count, int width, int layers, double learningRate) {
            this(count, width, layers, learningRate, List.of());
        }

        /** These members, {@code n} of them. */
        public MlpMembers withCount(int n) {
            return new MlpMembers(n, width, layers, learningRate, lookbacks);
        }

        /** These members reading {@code windows}, cycled over them (empty: the ensemble's window). */
        public MlpMembers withLookbacks(List<Lookback> windows) {
            return new MlpMembers(count, width, layers, learningRate, windows);
        }

        /**
         * These members with each lookback resolved to observations for {@code config} and a
         * shortest series of {@code room} observations before its last horizon: fits of series that
         * have more room (later validation origins, the final fit) then read the same windows.
         */
        public MlpMembers resolved(ForecastConfig config, int room) {
            List<Lookback> fixed = new ArrayList<>();
            for (int j = 0; j < lookbacks.size(); j++) {
                fixed.add(new Lookback(inputLength(config, j, room), Lookback.Unit.OBSERVATIONS));
            }
            return withLookbacks(fixed);
        }

        /**
         * The input window of MLP member {@code j} (0-based among them) of an ensemble configured
         * as {@code config} whose shortest training series has {@code room} observations before its
         * last horizon.
         */
        int inputLength(ForecastConfig config, int j, int room) {
            if (lookbacks.isEmpty()) {
                return config.inputLength();
            }
            int minimum = config.deseasonalise() ? config.season() : 1;
            return lookbacks.get(j % lookbacks.size()).observations(config.horizon(), config.season(),
                    config.stepSize(), minimum, room, config.inputLength());
        }
    }

    private final Backend backend;
    private final int recurrent;
    private final MlpMembers mlp;
    private final int snapshots;
    private final AutoForecaster.Progress progress;

    /**
     * An ensemble of recurrent members only (no MLP member; {@link MlpMembers#DEFAULT} adds the
     * default ones).
     *
     * @param seeds     models trained, each with its own seed
     * @param snapshots each model's forecasts of its last epochs join the mean
     */
    public GlobalForecaster(Backend backend, int seeds, int snapshots, AutoForecaster.Progress progress) {
        this(backend, seeds, MlpMembers.NONE, snapshots, progress);
    }

    /**
     * @param recurrent members of the configured cell, each with its own seed
     * @param mlp       members of the {@value ForecastConfig#MLP} network added after them, seeds continuing
     * @param snapshots each member's forecasts of its last epochs join the mean
     */
    public GlobalForecaster(Backend backend, int recurrent, MlpMembers mlp, int snapshots,
                            AutoForecaster.Progress progress) {
        if (recurrent < 1 || snapshots < 1) {
            throw new IllegalArgumentException("a global forecaster needs at least one seed and one snapshot, got "
                    + recurrent + " and " + snapshots);
        }
        this.backend = backend;
        this.recurrent = recurrent;
        this.mlp = mlp;
        this.snapshots = snapshots;
        this.progress = progress;
    }

    /** The members' ensemble for training series whose shortest has {@code room} observations before its last horizon. */
    private SeedEnsemble ensemble(int room) {
        return new SeedEnsemble(backend, recurrent + mlp.count(), snapshots, Runtime.getRuntime().availableProcessors(),
                NetworkEnsemble.Combination.MEAN, members(recurrent, mlp, room));
    }

    /** {@link #members(int, MlpMembers, int)} with room for any lookback. */
    static SeedEnsemble.MemberConfigs members(int recurrent, MlpMembers mlp) {
        return members(recurrent, mlp, Integer.MAX_VALUE);
    }

    /**
     * Members {@code 0 .. recurrent - 1} as {@link #MIXED}, then the MLP members (seeds continuing
     * {@code seed + 1000 k}, no input skip: their first layer reads the window already), each
     * reading its lookback ({@link MlpMembers#lookbacks()}) within {@code room}, the observations the
     * shortest training series has before its last horizon. The recurrent members come first so
     * that the cheaper MLP members fill the cores at the end.
     */
    static SeedEnsemble.MemberConfigs members(int recurrent, MlpMembers mlp, int room) {
        return (config, k) -> {
            if (k < recurrent || config.strategy() != Strategy.DIRECT) {
                return MIXED.member(config, k);
            }
            return SeedEnsemble.MemberConfigs.SEEDS.member(config, k).withInputSkip(false)
                    .withNetwork(ForecastConfig.MLP, mlp.width(), mlp.layers()).withLearningRate(mlp.learningRate())
                    .withInputLength(mlp.inputLength(config, k - recurrent, room));
        };
    }

    /** The defaults for {@code series}, of one season and horizon; change any setting on the builder. */
    public static ForecastConfigBuilder defaults(int season, int horizon, List<TimeSeries> series) {
        int shortest = series.stream().mapToInt(TimeSeries::length).min()
                .orElseThrow(() -> new IllegalArgumentException("no series to train on"));
        boolean positive = series.stream().allMatch(s -> java.util.Arrays.stream(s.values()).allMatch(v -> v > 0));
        return defaults(season, horizon, shortest, positive);
    }

    /**
     * The defaults for series of one season and horizon known by two aggregates (as a distributed
     * job computes them): the shortest series' length, and whether every value of every series is
     * positive (the log is then on).
     */
    public static ForecastConfigBuilder defaults(int season, int horizon, int shortest, boolean positive) {
        int room = shortest - horizon;
        int input = Math.max(2, Math.min(3 * horizon, room));
        int step = 1;
        for (int seasons = 7; season > 1 && seasons >= 1; seasons--) {
            if (seasons * season <= room) {
                input = seasons * season;
                step = season <= 48 ? season : 1;
                break;
            }
        }
        // members are short of training rather than of variety (fewer epochs at the same rate lose, a higher
        // rate gains), so fewer epochs a member come with a higher rate; what counts
        // is the number of steps more than the windows each sees: two thirds of the windows in batches of
        // half the size make a third more steps and validated as well for two thirds of the work, while
        // fewer windows at the same batch (fewer steps) or smaller batches alone did not
        return ForecastConfig.builder(season, horizon).cell(CELL).inputLength(input).stepSize(step).hidden(64)
                .scaling(ScalingMode.LAST_WINDOW).log(positive).deseasonalise(season > 1 && input >= season)
                .covariates(Covariates.SIN_COS).quantiles(QUANTILES).intervalLevel(INTERVAL_LEVEL).epochs(EPOCHS)
                .batchSize(64).learningRate(LEARNING_RATE).windowsPerSeries(16).recentWindows(240);
    }

    /**
     * One short series limiting every series' input window: the defaults for the shortest series' length
     * give a shorter input window than those for the median series' would. A global model reads one
     * window length for all series, so one short series shortens what every series reads.
     *
     * @param series      the shortest series' name
     * @param length      its observations to train on
     * @param inputLength the input window it limits every series to
     * @param typical     the input window the median series would allow
     */
    public record ShortSeriesLimit(String series, long length, int inputLength, int typical) {
        /**
         * The limit, if {@code inputLength} (the defaults' for the shortest series, of {@code season} and
         * {@code horizon}) is shorter than the defaults' for the {@code median} series' length; empty
         * where the input length was chosen by hand ({@code chosen}) or nothing limits it.
         */
        public static Optional<ShortSeriesLimit> of(int season, int horizon, String shortestName, long shortest,
                                                    long median, int inputLength, boolean chosen) {
            int typical = defaults(season, horizon, clamp(median), true).build().inputLength();
            return chosen || inputLength >= typical ? Optional.empty()
                    : Optional.of(new ShortSeriesLimit(shortestName, shortest, inputLength, typical));
        }

        /** The limit of the shortest of {@code series} (the median: the upper one of an even count). */
        public static Optional<ShortSeriesLimit> of(int season, int horizon, List<TimeSeries> series, int inputLength,
                                                    boolean chosen) {
            int[] lengths = series.stream().mapToInt(TimeSeries::length).sorted().toArray();
            TimeSeries shortest = series.stream().min(java.util.Comparator.comparingInt(TimeSeries::length))
                    .orElseThrow(() -> new IllegalArgumentException("no series to train on"));
            return of(season, horizon, shortest.name(), shortest.length(), lengths[lengths.length / 2], inputLength,
                    chosen);
        }

        private static int clamp(long length) {
            return (int) Math.min(Integer.MAX_VALUE, length);
        }

        /** The limit in words, with what to do about it. */
        public String describe() {
            return "series " + series + " (" + length + " observations to train on) limits every series' input window to "
                    + inputLength + " where the median series would allow " + typical
                    + "; leave the shortest series out or give --input-length";
        }
    }

    /**
     * A fit.
     *
     * @param model     the ensemble, with the series as its stored histories
     * @param forecasts each series' forecast, in order
     * @param timing    where the fit's time went
     */
    public record Result(ForecastModel model, List<Forecast> forecasts, SeedEnsemble.Timing timing) {
    }

    /** Trains on every series and forecasts what follows each. */
    public Result fit(ForecastConfig config, List<TimeSeries> series) {
        int shortest = series.stream().mapToInt(TimeSeries::length).min()
                .orElseThrow(() -> new IllegalArgumentException("no series to train on"));
        SeedEnsemble ensemble = ensemble(shortest - config.horizon());
        SeedEnsemble.Global g = ensemble.fitGlobal(config, series, series,
                progress.start(ensemble.size() == 1 ? "model" : ensemble.size() + " models",
                        ensemble.size() * config.epochs()));
        ForecastModel model = new ForecastModel(List.of(g.ensemble("global " + config.cell())),
                "one global model over " + series.size() + " series", series);
        return new Result(model, g.forecasts(), g.timing());
    }

    /**
     * Mean accuracy of forecasts of the {@code horizon} observations after each history, against
     * the series they were cut from: the model's, seasonal naive's and Naive2's (OWA's reference).
     *
     * @param model         the model's accuracy
     * @param seasonalNaive seasonal naive's accuracy
     * @param naive2        Naive2's accuracy
     */
    public record Score(Accuracy model, Accuracy seasonalNaive, Accuracy naive2) {
        /**
         * Scores {@code forecasts[i]}, made from {@code histories[i]} (series {@code i} without its
         * last observations), on the {@code horizon} observations of {@code all[i]} that follow it.
         */
        public static Score of(List<TimeSeries> all, List<TimeSeries> histories, List<Forecast> forecasts,
                               int horizon, int season) {
            List<Accuracy> mine = new ArrayList<>();
            List<Accuracy> snaive = new ArrayList<>();
            List<Accuracy> naive2 = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                double[] x = histories.get(i).values();
                double[] y = all.get(i).slice(x.length, x.length + horizon).values();
                mine.add(Metrics.accuracy(y, forecasts.get(i).point(), x, season));
                snaive.add(Metrics.accuracy(y, Baselines.seasonalNaive(x, horizon, season), x, season));
                naive2.add(Metrics.accuracy(y, Baselines.naive2(x, horizon, season), x, season));
            }
            return new Score(Accuracy.mean(mine), Accuracy.mean(snaive), Accuracy.mean(naive2));
        }

        /**
         * The scores of several origins over the same series pooled: each method's accuracy the mean
         * over every (series, origin) forecast, which for origins of equally many series is the mean
         * of the origins' means.
         */
        public static Score pooled(List<Score> origins) {
            if (origins.isEmpty()) {
                throw new IllegalArgumentException("no origins' scores to pool");
            }
            return new Score(Accuracy.mean(origins.stream().map(Score::model).toList()),
                    Accuracy.mean(origins.stream().map(Score::seasonalNaive).toList()),
                    Accuracy.mean(origins.stream().map(Score::naive2).toList()));
        }
    }
}
