package dev.jrnn.cli;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.select.ClassicDefaults;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.select.ForecastCombination;
import dev.jrnn.forecast.select.ModelSelection;
import dev.jrnn.forecast.select.SeedEnsemble;
import dev.jrnn.api.backend.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn forecast}: trains on a series without its last horizon, forecasts that horizon and
 * prints the accuracy beside seasonal naive's (and R's ETS and ARIMA for bundled series), then
 * draws the chart. {@link ModelSelection} chooses among the input windows of
 * {@link ClassicDefaults#candidates} (each also cross-learned, one global model with the training
 * parts of the other series of the same season, unless {@code --no-cross-learn}) and their
 * combination on {@value #ORIGINS} rolling origins of the training part; each configuration is a {@link SeedEnsemble} of {@code --seeds} members whose
 * forecast is the median of their last {@value #SNAPSHOTS} epochs' forecasts, and a combination is the
 * mean of its members' forecasts (the saved forecaster is the first member of the first configuration).
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Train on a series (default: the bundled AirPassengers), test on its last horizon, chart it.")
final class ForecastCommand implements Callable<Integer> {
    /** Epochs at the end of training whose forecasts are combined by their median. */
    static final int SNAPSHOTS = 5;
    /** Validation origins: the training part's last horizon, and the one before it. */
    static final int ORIGINS = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    SeriesOptions source = new SeriesOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "forecast.png", description = "PNG chart (default: ${DEFAULT-VALUE})")
    Path chart;

    @Option(names = "--save", paramLabel = "FILE", description = "save the trained forecaster (safetensors)")
    Path save;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "networks trained per configuration, with different seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--cross-learn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also try a global model over this series and the training parts of the other series"
                    + " of its season (bundled, or in the same file); validation decides (default: ${DEFAULT-VALUE})")
    boolean crossLearn;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SeriesOptions.Selected sel = source.select(out);
        TimeSeries all = sel.series();
        TimeSeries train = all.dropLast(Math.min(sel.horizon(), all.length()));
        TimeSeries test = all.last(Math.min(sel.horizon(), all.length()));
        Backend backend = model.createBackend();
        SeedEnsemble ensemble = new SeedEnsemble(backend, seeds, SNAPSHOTS);
        long start = System.nanoTime();
        List<ModelSelection.Candidate> candidates = ClassicDefaults.candidates(train, sel.season(), sel.horizon(),
                model::apply, crossLearn ? source.others(sel) : List.of());
        Map<String, List<TimeSeries>> companions = new HashMap<>();
        candidates.forEach(c -> companions.put(c.name(), c.companions()));
        ModelSelection.Result picked = ModelSelection.select(candidates, train, ORIGINS,
                (name, c, rest) -> fit(ensemble, "valid " + name, c, rest, companions.get(name)).forecast().point());
        List<Forecast> members = new ArrayList<>();
        Forecaster f = null;
        for (ModelSelection.Candidate c : picked.best().members()) {
            SeedEnsemble.Result fitted = fit(ensemble, "train " + c.name(), c.config(), train,
                    c.companions());
            members.add(fitted.forecast());
            f = f == null ? fitted.first() : f;
        }
        Forecast fc = ForecastCombination.mean(members);
        ForecastConfig config = f.config();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (picked.origins() > 0) {
            out.printf("validation (MASE averaged over %d rolling origins of %d points): %s; picked %s%n",
                    picked.origins(), sel.horizon(), String.join(", ", picked.scores().stream()
                            .map(s -> s.choice().name() + " " + s.mase().format("%.4f")).toList()),
                    picked.best().name());
        }
        out.printf("%s: %s (hidden %d, %d layer%s, input %s, step %d) x %d seed%s trained on %d points"
                        + " in %.1f s on %s%n",
                all.name(), config.cell(), config.hidden(), config.layers(), config.layers() > 1 ? "s" : "",
                String.join(" + ", picked.best().members().stream().map(c -> "" + c.config().inputLength()).toList()),
                config.stepSize(), seeds, seeds > 1 ? "s" : "", train.length(), seconds, backend.name());
        out.printf("test: the last %d points, season %d%n", sel.horizon(), sel.season());
        out.printf("%-16s %12s %12s %9s %8s%n", "method", "MAE", "RMSE", "sMAPE", "MASE");
        Accuracy mine = Metrics.accuracy(test.values(), fc.point(), train.values(), sel.season());
        Accuracy naive = Metrics.accuracy(test.values(),
                Baselines.seasonalNaive(train.values(), sel.horizon(), sel.season()), train.values(), sel.season());
        row(out, config.cell(), mine);
        row(out, "seasonal naive", naive);
        for (Map.Entry<String, BundledData.Baseline> e : BundledData.baselines(all.name()).entrySet()) {
            if (!e.getKey().equals("seasonal_naive")) {
                out.printf("%-16s %12s %12s %9.3f %8.4f%n", e.getKey() + " (R)", "-", "-", e.getValue().smape(),
                        e.getValue().mase());
            }
        }
        ForecastChart.write(chart, all.name() + ": " + config.cell() + " forecast", train, test, fc, 4 * sel.season()
                + sel.horizon());
        out.println("chart: " + chart);
        if (save != null) {
            f.save(save);
            out.println("saved: " + save);
        }
        out.flush();
        return 0;
    }

    private SeedEnsemble.Result fit(SeedEnsemble ensemble, String task, ForecastConfig c, TimeSeries series,
                                    List<TimeSeries> companions) {
        try (TrainingProgress bar = new TrainingProgress(task, c.epochs(), progressStream())) {
            return ensemble.fit(c, series, companions, k -> quiet ? null : bar);
        }
    }

    static void row(PrintWriter out, String name, Accuracy a) {
        out.printf("%-16s %12.3f %12.3f %9s %8s%n", name, a.mae(), a.rmse(), a.smape().format("%.3f"),
                a.mase().format("%.4f"));
    }

    private java.io.PrintStream progressStream() {
        return System.err;
    }
}
