package dev.jrnn.cli;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.M4Csv;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.select.SeedEnsemble;
import dev.jrnn.api.backend.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn m4}: one global model for all series of an M4-layout file, forecasts written in the
 * same layout; with {@code --validate} the last horizon of every series is held out and scored
 * (sMAPE, MASE, OWA against Naive2) beside seasonal naive and Naive2.
 */
@Command(name = "m4", mixinStandardHelpOptions = true,
        description = "Train one global model on an M4-layout file and forecast every series (id,F1..Fh).")
final class M4Command implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "M4-layout training file")
    Path train;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "forecasts, id,F1..Fh")
    Path out;

    @Option(names = "--validate", description = "hold out the last horizon of every series and score it")
    boolean validate;

    @Option(names = "--horizon", defaultValue = "48", paramLabel = "N", description = "steps to forecast (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--season", defaultValue = "24", paramLabel = "N", description = "season length (default: ${DEFAULT-VALUE})")
    int season;

    @Option(names = "--ensemble", defaultValue = "3", paramLabel = "N", description = "models averaged, each with its own seed (default: ${DEFAULT-VALUE})")
    int ensemble;

    @Option(names = "--windows-per-series", defaultValue = "24", paramLabel = "N", description = "windows drawn from each series per epoch (default: ${DEFAULT-VALUE})")
    int windowsPerSeries;

    @Option(names = "--snapshots", defaultValue = "5", paramLabel = "N", description = "each model's forecasts of its last N epochs join the median (default: ${DEFAULT-VALUE})")
    int snapshots;

    @Option(names = "--recent", defaultValue = "240", paramLabel = "N", description = "windows start among the last N possible starts of each series, 0 for anywhere (default: ${DEFAULT-VALUE})")
    int recent;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        long start = System.nanoTime();
        List<TimeSeries> all = M4Csv.read(train);
        List<TimeSeries> history = new ArrayList<>();
        for (TimeSeries s : all) {
            if (validate && s.length() <= horizon) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations, too few to hold out a horizon of " + horizon);
            }
            history.add(validate ? s.dropLast(horizon) : s);
        }
        ForecastConfig config = model.apply(ForecastConfig.builder(season, horizon).inputLength(7 * season)
                .stepSize(season).hidden(64).scaling(ScalingMode.LAST_WINDOW).log(true).deseasonalise(true)
                .covariates(Covariates.SIN_COS).quantiles(0.1, 0.5, 0.9).intervalLevel(0.8).epochs(60)
                .batchSize(128).learningRate(0.003).windowsPerSeries(windowsPerSeries).recentWindows(recent)).build();
        Backend backend = model.createBackend();
        pw.printf("%d series, %s, horizon %d, input %d (%d steps of %d), %d model%s on %s%n", all.size(),
                validate ? "last " + horizon + " held out" : "full history", horizon, config.inputLength(),
                config.steps(), config.stepSize(), ensemble, ensemble > 1 ? "s" : "", backend.name());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            pw.println("hint: about 5x faster with the Vector API kernels: java --add-modules jdk.incubator.vector -jar ...");
        }
        pw.flush();
        if (ensemble < 1 || snapshots < 1) {
            throw new IllegalArgumentException("--ensemble and --snapshots must be at least 1, got " + ensemble
                    + " and " + snapshots);
        }
        List<double[]> forecasts = new ArrayList<>();
        try (TrainingProgress bar = new TrainingProgress("training", config.epochs(), System.err)) {
            new SeedEnsemble(backend, ensemble, snapshots).fitGlobal(config, history, history, k -> quiet ? null : bar)
                    .forecasts().forEach(f -> forecasts.add(f.point()));
        }
        List<String> ids = all.stream().map(TimeSeries::name).toList();
        M4Csv.write(out, ids, forecasts);
        if (validate) {
            score(pw, all, history, forecasts);
        }
        pw.printf("forecasts: %s (%d rows); wall time %.1f s%n", out, forecasts.size(), (System.nanoTime() - start) / 1e9);
        pw.flush();
        return 0;
    }

    private void score(PrintWriter pw, List<TimeSeries> all, List<TimeSeries> history, List<double[]> forecasts) {
        List<Accuracy> mine = new ArrayList<>();
        List<Accuracy> snaive = new ArrayList<>();
        List<Accuracy> naive2 = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            double[] x = history.get(i).values();
            double[] y = all.get(i).last(horizon).values();
            mine.add(Metrics.accuracy(y, forecasts.get(i), x, season));
            snaive.add(Metrics.accuracy(y, Baselines.seasonalNaive(x, horizon, season), x, season));
            naive2.add(Metrics.accuracy(y, Baselines.naive2(x, horizon, season), x, season));
        }
        Accuracy n2 = Accuracy.mean(naive2);
        pw.printf("validation on the last %d points of %d series%n", horizon, all.size());
        pw.printf("%-16s %9s %8s %7s%n", "method", "sMAPE", "MASE", "OWA");
        row(pw, model.model == null ? "lstm" : model.model, Accuracy.mean(mine), n2);
        row(pw, "seasonal naive", Accuracy.mean(snaive), n2);
        row(pw, "naive2", n2, n2);
    }

    private static void row(PrintWriter pw, String name, Accuracy a, Accuracy naive2) {
        pw.printf("%-16s %9s %8s %7s%n", name, a.smape().format("%.3f"), a.mase().format("%.4f"),
                a.owa(naive2).format("%.3f"));
    }
}
