package dev.jrnn.cli;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.data.ForecastCsv;
import dev.jrnn.forecast.data.SeriesData;
import dev.jrnn.forecast.data.Frequency;
import dev.jrnn.forecast.data.M4Csv;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.select.GlobalForecaster;
import dev.jrnn.forecast.select.SeedEnsemble;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn m4}: one global model for all series of an M4-layout file (or of a long
 * {@code series,date,value} file), forecasts written in the M4 layout; with {@code --validate} the
 * last horizon of every series is held out and scored (sMAPE, MASE, OWA against Naive2) beside
 * seasonal naive and Naive2.
 */
@Command(name = "m4", mixinStandardHelpOptions = true,
        description = "Train one global model on an M4-layout file (or a long series,date,value file) and forecast"
                + " every series (id,F1..Fh).")
final class M4Command implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "training file: the M4 layout"
            + " (a header V1,V2,...; a series per row) or a long CSV as forecast --data reads it")
    Path train;

    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "forecasts: id,F1..Fh for the M4"
            + " layout, series,step,date,forecast,lower,upper for a long file")
    Path out;

    @Option(names = "--validate", description = "hold out the last horizon of every series and score it")
    boolean validate;

    @Option(names = "--validation-only", description = "score the validation origins only, without the final fit"
            + " (--out gets the latest origin's forecasts): for choosing settings, at the cost of one fit per origin")
    boolean validationOnly;

    @Option(names = "--origins", defaultValue = "1", paramLabel = "N", description = "validation origins, the"
            + " latest a horizon before the held-out one and each other a horizon before the next; each is trained"
            + " and scored on the horizon after it, and the scores are pooled (default: ${DEFAULT-VALUE})")
    int origins;

    @Option(names = "--frequency", paramLabel = "F",
            description = "the file's frequency, which sets the horizon and season (default: hourly for the M4 layout,"
                    + " a long file's time step)")
    String frequency;

    @Option(names = "--horizon", paramLabel = "N", description = "steps to forecast (default: from the frequency)")
    Integer horizonOption;

    @Option(names = "--season", paramLabel = "N", description = "season length (default: from the frequency)")
    Integer seasonOption;

    @Option(names = "--intervals", description = "also write the interval bounds, in the same layout, to FILE-lower.csv and FILE-upper.csv (M4 layout;"
            + " a long file's forecasts hold them)")
    boolean intervals;

    @Option(names = "--save", paramLabel = "FILE", description = "save the model and the histories, for jrnn predict")
    Path save;

    private int horizon;
    private int season;
    /** Whether --train is in the M4 layout (else long, and the forecasts are written long, with dates). */
    private boolean m4Layout;
    /** Whether the long file's times were read as UTC instants (their offset changes). */
    private boolean utcTimes;

    @Option(names = {"--ensemble", "--seeds"}, defaultValue = "" + GlobalForecaster.MEMBERS, paramLabel = "N",
            description = "recurrent models averaged, each with its own seed (default: ${DEFAULT-VALUE}); --seeds as in"
                    + " forecast; the mlp members (--mlp) join them")
    int ensemble;

    @Option(names = "--mlp", paramLabel = "N", description = "members of the mlp network (dense layers over the whole"
            + " input window) added to the recurrent ones (default: " + GlobalForecaster.MLP_MEMBERS + ")")
    Integer mlp;

    @Option(names = "--mlp-width", paramLabel = "N", description = "features of each dense layer of an mlp member"
            + " (default: " + GlobalForecaster.MLP_WIDTH + ")")
    Integer mlpWidth;

    @Option(names = "--mlp-layers", paramLabel = "N", description = "dense layers of an mlp member (default: "
            + GlobalForecaster.MLP_LAYERS + ")")
    Integer mlpLayers;

    @Option(names = "--mlp-lr", paramLabel = "R", description = "an mlp member's learning rate (default: "
            + GlobalForecaster.MLP_LEARNING_RATE + ")")
    Double mlpLearningRate;

    @Option(names = "--mlp-lookbacks", paramLabel = "LIST", description = "the input windows of the mlp members,"
            + " cycled over them, in horizons (2h), seasons (7s) or observations (168), each clipped to what the"
            + " shortest series allows, for example 2h,3h,5h,7h; none for the recurrent members' window (default: "
            + "${DEFAULT-VALUE})")
    String mlpLookbacks = GlobalForecaster.MlpMembers.DEFAULT.lookbacks().isEmpty() ? "none"
            : GlobalForecaster.MlpMembers.DEFAULT.lookbacks().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(","));

    @Option(names = "--windows-per-series", paramLabel = "N", description = "windows drawn from each series per epoch (default: the global model's)")
    Integer windowsPerSeries;

    @Option(names = "--snapshots", defaultValue = "5", paramLabel = "N", description = "each model's forecasts of its last N epochs join the mean (default: ${DEFAULT-VALUE})")
    int snapshots;

    @Option(names = "--recent", paramLabel = "N", description = "windows start among the last N possible starts of each series, 0 for anywhere (default: the global model's)")
    Integer recent;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        PhaseClock clock = new PhaseClock();
        Checks.atLeast("--horizon", horizonOption, 1);
        Checks.atLeast("--season", seasonOption, 1);
        Checks.atLeast("--origins", origins, 1);
        GlobalForecaster.MlpMembers mlpMembers = mlpMembers();
        Frequency named = frequency != null ? Frequency.parse(frequency) : null;
        Checks.writable(out, bound(out, "lower"), bound(out, "upper"), save);
        Checks.notInput("--train", train, out, bound(out, "lower"), bound(out, "upper"), save);
        m4Layout = M4Csv.isM4Layout(train);
        List<TimeSeries> all;
        if (m4Layout) {
            all = M4Csv.read(train);
            Warnings.data(spec.commandLine().getErr(), M4Csv.outlierWarnings(train, all));
        } else {
            SeriesData read = reading.reader().read(train);
            read.report().changes().forEach(pw::println);
            Warnings.data(spec.commandLine().getErr(), read.report());
            utcTimes = read.utcTimes();
            all = read.series();
        }
        clock.end("reading");
        if (named != null || (horizonOption != null && seasonOption != null)) {
            horizon = horizonOption != null ? horizonOption : named.horizon();
            season = seasonOption != null ? seasonOption : named.season();
        } else {
            TimeStep step = m4Layout ? null : SeriesOptions.commonStep(all);
            horizon = horizonOption != null ? horizonOption : step == null ? Frequency.HOURLY.horizon() : step.horizon();
            season = seasonOption != null ? seasonOption : step == null ? Frequency.HOURLY.season() : step.season();
        }
        boolean scored = validate || validationOnly;
        int cut = scored ? horizon : 0;
        int validationOrigins = scored ? origins : 0;
        // the earliest origin's part must hold a training window (the shortest input, 2, and a horizon after it)
        // and more than a season (MASE's scale)
        int kept = Math.max(season, 2 + horizon);
        for (TimeSeries s : all) {
            if (scored && s.length() <= (origins + 1) * horizon + kept) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations, too few to validate on " + (origins + 1) + " horizons of " + horizon
                        + ": it needs over " + ((origins + 1) * horizon + kept) + " (" + (origins + 1) * horizon
                        + " held out, and " + (season >= 2 + horizon ? "a season of " + season
                        : "a training window of an input of 2 and " + horizon + " ahead") + " before them)");
            }
        }
        List<TimeSeries> history = all.stream().map(s -> s.dropLast(cut)).toList();
        List<List<TimeSeries>> originHistories = new ArrayList<>();
        for (int k = 1; k <= validationOrigins; k++) {
            int dropped = (k + 1) * horizon;
            originHistories.add(all.stream().map(s -> s.dropLast(dropped)).toList());
        }
        // the earliest origin's histories are the shortest: settings that fit them fit every fit
        List<TimeSeries> earlier = scored ? originHistories.get(originHistories.size() - 1) : all;
        ForecastConfigBuilder builder = GlobalForecaster.defaults(season, horizon, earlier);
        if (windowsPerSeries != null) {
            builder.windowsPerSeries(windowsPerSeries);
        }
        if (recent != null) {
            builder.recentWindows(recent);
        }
        ForecastConfig config = model.apply(builder).build();
        // the lookbacks the earliest origin allows, so that every fit of the run reads the same windows
        mlpMembers = mlpMembers.resolved(config, earlier.stream().mapToInt(TimeSeries::length).min().orElseThrow()
                - horizon);
        shortSeriesWarning(earlier, config).ifPresent(w -> {
            spec.commandLine().getErr().println(w);
            spec.commandLine().getErr().flush();
        });
        Backend backend = model.createBackend(ForecastTrainer.workload(config, history));
        pw.printf("%d series, %s, horizon %d, input %d (%d steps of %d), %d model%s%s on %s%n", all.size(),
                scored ? "last " + horizon + " held out" : "full history", horizon, config.inputLength(),
                config.steps(), config.stepSize(), ensemble, ensemble > 1 ? "s" : "", mlpMembers.count() == 0 ? ""
                        : String.format(" + %d mlp (%d x %d%s)", mlpMembers.count(), mlpMembers.layers(),
                                mlpMembers.width(), mlpMembers.lookbacks().isEmpty() ? ""
                                        : ", lookbacks " + mlpMembers.lookbacks().stream().limit(mlpMembers.count())
                                                .map(Object::toString).collect(java.util.stream.Collectors.joining(","))),
                backend.name());
        pw.flush();
        try (ProgressBars bars = new ProgressBars(quiet)) {
            GlobalForecaster global = new GlobalForecaster(backend, ensemble, mlpMembers, snapshots, bars);
            List<GlobalForecaster.Score> originScores = new ArrayList<>();
            GlobalForecaster.Result validated = null;
            // the earliest origin first, so that the fit left for --out and the timing line is the latest one's
            for (int k = originHistories.size() - 1; k >= 0; k--) {
                List<TimeSeries> origin = originHistories.get(k);
                validated = global.fit(config, origin);
                originScores.add(0, GlobalForecaster.Score.of(all, origin, validated.forecasts(), horizon, season));
                clock.end("validation fit");
            }
            GlobalForecaster.Result fitted = validationOnly ? null : global.fit(config, history);
            if (fitted != null) {
                clock.end("fit");
            }
            if (save != null && fitted != null) {
                fitted.model().withUtcTimes(utcTimes).save(save);
                pw.println("saved: " + save);
            }
            List<String> ids = all.stream().map(TimeSeries::name).toList();
            GlobalForecaster.Result written = fitted != null ? fitted : validated;
            if (!m4Layout) {
                ForecastCsv.write(out, written.forecasts(), utcTimes);
            } else {
                M4Csv.write(out, ids, written.forecasts().stream().map(Forecast::point).toList());
            }
            if (intervals && m4Layout) {
                M4Csv.write(bound(out, "lower"), ids, written.forecasts().stream().map(Forecast::lower).toList());
                M4Csv.write(bound(out, "upper"), ids, written.forecasts().stream().map(Forecast::upper).toList());
                pw.printf("intervals (%.0f%%): %s, %s%n", 100 * config.intervalLevel(), bound(out, "lower"),
                        bound(out, "upper"));
            }
            if (scored) {
                GlobalForecaster.Score validation = GlobalForecaster.Score.pooled(originScores);
                GlobalForecaster.Score held = fitted == null ? null
                        : GlobalForecaster.Score.of(all, history, fitted.forecasts(), horizon, season);
                scoreTable(pw, config.cell() + (mlpMembers.count() > 0 ? " + mlp" : ""), all.size(), originScores,
                        validation, held);
                Warnings.compare("the model", validation.model().mase(), validation.seasonalNaive().mase())
                        .ifPresent(w -> {
                            spec.commandLine().getErr().println(w);
                            spec.commandLine().getErr().flush();
                        });
            }
            clock.end("saving, writing and scoring");
            double seconds = clock.elapsedSeconds();
            pw.printf("forecasts: %s (%d series); wall time %.1f s, %.2f series/s%n", out, ids.size(), seconds,
                    ids.size() / seconds);
            pw.println("time: " + clock.summary());
            if (validated != null) {
                pw.println(members(originHistories.size() > 1 ? "validation fit (the latest origin's)"
                        : "validation fit", validated));
            }
            if (fitted != null) {
                pw.println(members("fit", fitted));
            }
        }
        pw.flush();
        return 0;
    }

    /**
     * The scores: each origin's validation when there are several, then a row per method with the
     * pooled validation and, after a final fit, the held-out last horizon.
     */
    private void scoreTable(PrintWriter pw, String method, int series, List<GlobalForecaster.Score> originScores,
                            GlobalForecaster.Score validation, GlobalForecaster.Score held) {
        int k = originScores.size();
        String where = k == 1 ? "the " + horizon + " points before the held-out ones"
                : k + " origins, the " + horizon + " points after each (pooled)";
        pw.printf("validation: %s, trained without them%s%n", where,
                held == null ? "" : "; held out: the last " + horizon + " points of " + series + " series");
        if (k > 1) {
            for (int i = 0; i < k; i++) {
                GlobalForecaster.Score o = originScores.get(i);
                pw.printf("validation origin %d (%d points before the end): %s OWA %s%n", i + 1, (i + 2) * horizon,
                        method, o.model().owa(o.naive2()).format("%.4f"));
            }
        }
        if (held == null) {
            pw.printf("%-16s %9s %8s %7s%n", "method", "sMAPE", "MASE", "OWA");
            pw.printf("%-16s %26s%n", "", "validation");
            row(pw, method, validation.model(), validation.naive2());
            row(pw, "seasonal naive", validation.seasonalNaive(), validation.naive2());
            row(pw, "naive2", validation.naive2(), validation.naive2());
            return;
        }
        pw.printf("%-16s %9s %8s %7s   %9s %8s %7s%n", "method", "sMAPE", "MASE", "OWA", "sMAPE", "MASE", "OWA");
        pw.printf("%-16s %26s   %26s%n", "", "validation", "held out");
        row(pw, method, validation.model(), validation.naive2(), held.model(), held.naive2());
        row(pw, "seasonal naive", validation.seasonalNaive(), validation.naive2(), held.seasonalNaive(),
                held.naive2());
        row(pw, "naive2", validation.naive2(), validation.naive2(), held.naive2(), held.naive2());
    }

    /** The mlp members the options ask for, the global model's defaults otherwise. */
    private GlobalForecaster.MlpMembers mlpMembers() {
        Checks.atLeast("--mlp", mlp, 0);
        Checks.atLeast("--mlp-width", mlpWidth, 1);
        Checks.atLeast("--mlp-layers", mlpLayers, 1);
        if (mlpLearningRate != null && !(mlpLearningRate > 0)) {
            throw new IllegalArgumentException("--mlp-lr must be positive, got " + mlpLearningRate);
        }
        GlobalForecaster.MlpMembers d = GlobalForecaster.MlpMembers.DEFAULT;
        List<dev.jrnn.forecast.select.Lookback> lookbacks;
        try {
            lookbacks = "none".equalsIgnoreCase(mlpLookbacks.trim()) ? List.of()
                    : dev.jrnn.forecast.select.Lookback.parseList(mlpLookbacks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mlp-lookbacks: " + e.getMessage());
        }
        return new GlobalForecaster.MlpMembers(mlp != null ? mlp : d.count(), mlpWidth != null ? mlpWidth : d.width(),
                mlpLayers != null ? mlpLayers : d.layers(), mlpLearningRate != null ? mlpLearningRate : d.learningRate(),
                lookbacks);
    }

    /** Where a fit's time went: its members' training and snapshot forecasts, summed over members that ran at once. */
    static String members(String name, GlobalForecaster.Result r) {
        SeedEnsemble.Timing t = r.timing();
        return String.format("%s: members' training %.1f s, snapshot forecasts %.1f s (summed over members)", name,
                t.trainingNanos() / 1e9, t.forecastingNanos() / 1e9);
    }

    /** A warning when the shortest series limits every series' input window ({@link GlobalForecaster.ShortSeriesLimit}). */
    private Optional<String> shortSeriesWarning(List<TimeSeries> series, ForecastConfig config) {
        return GlobalForecaster.ShortSeriesLimit.of(season, horizon, series, config.inputLength(),
                        model.inputLength != null)
                .map(limit -> "jrnn m4: warning: " + limit.describe());
    }

    /** {@code out} with {@code -which} before its extension, or null unless intervals are asked for. */
    private Path bound(Path file, String which) {
        if (!intervals) {
            return null;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + "-" + which + (dot > 0 ? name.substring(dot) : ".csv"));
    }

    private static void row(PrintWriter pw, String name, Accuracy a, Accuracy naive2a) {
        pw.printf("%-16s %9s %8s %7s%n", name, a.smape().format("%.3f"), a.mase().format("%.4f"),
                a.owa(naive2a).format("%.3f"));
    }

    private static void row(PrintWriter pw, String name, Accuracy a, Accuracy naive2a, Accuracy b, Accuracy naive2b) {
        pw.printf("%-16s %9s %8s %7s   %9s %8s %7s%n", name, a.smape().format("%.3f"), a.mase().format("%.4f"),
                a.owa(naive2a).format("%.3f"), b.smape().format("%.3f"), b.mase().format("%.4f"),
                b.owa(naive2b).format("%.3f"));
    }
}
