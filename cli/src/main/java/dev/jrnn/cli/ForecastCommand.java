package dev.jrnn.cli;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.ForecastCsv;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.Candidates;
import dev.jrnn.forecast.select.ModelSelection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn forecast}: chooses how to forecast a series by rolling-origin validation at its end
 * ({@link Candidates}, {@link AutoForecaster}), refits the choice on the whole series and prints
 * (and writes, and charts) the forecast of its future; {@code --holdout} instead keeps the last
 * horizon out of everything and scores the forecast of it beside the classical methods. A file of
 * several series has each forecast in turn (one chart each, all in {@code --out}); a series that
 * fails is reported and the others go on.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast the future of a series (default: the bundled AirPassengers), or of every series of"
                + " --data: settings chosen by validation, the forecast printed, written with --out and charted.")
final class ForecastCommand implements Callable<Integer> {
    /** Each network's forecasts of its last epochs are combined by their median. */
    static final int SNAPSHOTS = 5;
    /** The prediction interval's nominal coverage. */
    static final double LEVEL = 0.9;

    @Spec
    CommandSpec spec;

    @Mixin
    SeriesOptions source = new SeriesOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "write the forecast as CSV: series,step,date,forecast,lower,upper")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "forecast.png", description = "PNG chart (default: ${DEFAULT-VALUE})")
    Path chart;

    @Option(names = "--save", paramLabel = "FILE", description = "save what made the forecast (every network, the"
            + " choice, the history) to one file, for jrnn predict")
    Path save;

    @Option(names = "--holdout", description = "hold out the last horizon, forecast it and print the accuracy beside"
            + " seasonal naive, Theta, damped Holt-Winters and ETS (and R's ETS and ARIMA for bundled series)")
    boolean holdout;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "networks trained per configuration, with different seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--cross-learn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also try a global model over this series and the other series of its season (bundled,"
                    + " or in the same file); validation decides (default: ${DEFAULT-VALUE})")
    boolean crossLearn;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** The forecasts written to {@code --out} so far. */
    private final List<Forecast> written = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        List<SeriesOptions.Selected> all = source.selectAll(pw);
        source.printWarnings(spec.commandLine().getErr());
        if (all.size() == 1) {
            Checks.writable(out, save, chart);
            Checks.notInput("--data", source.data, out, save, chart);
            forecast(pw, all.get(0), chart);
            return 0;
        }
        if (save != null) {
            throw new IllegalArgumentException("--save stores the forecaster of one series and the file has "
                    + all.size() + "; name one with --series");
        }
        Map<String, Path> charts = charts(all);
        Checks.writable(out, charts.get(all.get(0).series().name()));
        Checks.notInput("--data", source.data, out);
        charts.values().forEach(c -> Checks.notInput("--data", source.data, c));
        pw.printf("%d series, each chosen and fitted on its own (for many series, one global model, jrnn m4, is"
                + " faster)%n", all.size());
        List<Forecast> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (SeriesOptions.Selected sel : all) {
            pw.println();
            pw.println("series " + sel.series().name() + ":");
            try {
                done.add(forecast(pw, sel, charts.get(sel.series().name())));
            } catch (IllegalArgumentException e) {
                failed.add(sel.series().name());
                warn("jrnn forecast: series " + sel.series().name() + ": " + e.getMessage());
            }
        }
        pw.println();
        pw.printf("forecast %d of %d series%s%n", done.size(), all.size(),
                failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
        pw.flush();
        return failed.isEmpty() ? 0 : UserErrors.USER_ERROR;
    }

    /**
     * Chooses, fits and forecasts {@code sel}, prints and charts the forecast, and writes it with
     * the forecasts of the series before it to {@code --out} (so that a later failure loses none).
     */
    private Forecast forecast(PrintWriter pw, SeriesOptions.Selected sel, Path chartFile) throws IOException {
        TimeSeries all = sel.series();
        int h = sel.horizon();
        if (holdout && all.length() <= h + sel.season()) {
            throw new IllegalArgumentException("series " + all.name() + " has " + all.length()
                    + " observations, too few to hold out a horizon of " + h + " and keep a season of " + sel.season());
        }
        TimeSeries history = holdout ? all.dropLast(h) : all;
        long start = System.nanoTime();
        int origins = ModelSelection.originsFor(history.length(), h);
        List<Candidate> candidates = Candidates.of(history, sel.season(), h, origins, model::apply,
                crossLearn ? source.others(sel, holdout) : List.of(), LEVEL);
        Candidates.whyNoNetwork(candidates, history, sel.season(), h, origins, model::apply).ifPresent(pw::println);
        Backend backend = model.createBackend(Candidates.workload(candidates, history).orElse(null));
        AutoForecaster.Result r;
        try (ProgressBars bars = new ProgressBars(quiet)) {
            r = new AutoForecaster(backend, seeds, SNAPSHOTS, origins, bars).fit(history, candidates);
        }
        Forecast fc = r.forecast();
        pw.println(AutoForecaster.describe(r.selection()));
        Warnings.networks(r.selection()).ifPresent(w -> warn(w));
        pw.printf("%s: %s fitted on %d points in %.1f s on %s%n", all.name(), r.model().name(), history.length(),
                (System.nanoTime() - start) / 1e9, backend.name());
        if (save != null) {
            r.model().withUtcTimes(source.utcTimes()).save(save);
            pw.println("saved: " + save);
        }
        if (out != null) {
            written.add(fc);
            ForecastCsv.write(out, written, source.utcTimes());
            pw.println("forecast written: " + out + (written.size() > 1 ? " (" + written.size() + " series)" : ""));
        }
        if (holdout) {
            scoreHoldout(pw, sel, history, all.last(h), fc, r.selection());
        } else {
            printForecast(pw, fc, source.utcTimes());
        }
        pw.flush();
        ForecastChart.draw(chartFile, all.name() + ": " + r.model().name(), history, holdout ? all.last(h) : null, fc,
                4 * sel.season() + h, save, out);
        pw.println("chart: " + chartFile);
        pw.flush();
        return fc;
    }

    /**
     * The chart of each series of several: {@code --chart}'s name with the series' name before the
     * extension, its letters and digits (of any script) kept and other characters made {@code _}; a name
     * that another series' already gave (in any case, as file systems that ignore case see it) gets
     * {@code -2}, {@code -3}, ..., so that no chart overwrites another.
     */
    private Map<String, Path> charts(List<SeriesOptions.Selected> all) {
        String name = chart.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Map<String, Path> out = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (SeriesOptions.Selected sel : all) {
            String safe = sel.series().name().replaceAll("[^\\p{L}\\p{N}._-]", "_");
            String unique = safe;
            for (int k = 2; !used.add(unique.toLowerCase(Locale.ROOT)); k++) {
                unique = safe + "-" + k;
            }
            String file = dot > 0 ? name.substring(0, dot) + "-" + unique + name.substring(dot) : name + "-" + unique;
            out.put(sel.series().name(), chart.resolveSibling(file));
        }
        return out;
    }

    private void warn(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    private void scoreHoldout(PrintWriter pw, SeriesOptions.Selected sel, TimeSeries history, TimeSeries test,
                              Forecast fc, ModelSelection.Result selection) {
        int m = sel.season();
        int h = sel.horizon();
        pw.printf("test: the last %d points, season %d (validation MASE of the choice: %s)%n", h, m,
                selection.origins() == 0 ? "n/a" : ModelSelection.scoreOf(selection, selection.best())
                        .map(s -> s.mase().format("%.4f")).orElse("n/a"));
        pw.printf("%-28s %12s %12s %9s %8s%n", "method", "MAE", "RMSE", "sMAPE", "MASE");
        row(pw, "jrnn", Metrics.accuracy(test.values(), fc.point(), history.values(), m));
        for (StatisticalMethod.Kind k : Candidates.statisticalKinds(m)) {
            Forecast b = new StatisticalMethod(k, m, h, LEVEL).forecast(history);
            row(pw, k.label(), Metrics.accuracy(test.values(), b.point(), history.values(), m));
        }
        if (sel.bundled()) {
            for (Map.Entry<String, BundledData.Baseline> e : BundledData.baselines(sel.series().name()).entrySet()) {
                if (!e.getKey().equals("seasonal_naive")) {
                    pw.printf("%-28s %12s %12s %9.3f %8.4f%n", e.getKey() + " (R)", "-", "-", e.getValue().smape(),
                            e.getValue().mase());
                }
            }
        }
    }

    /** Prints {@code fc} as a table, its times in UTC with {@code Z} where {@code utc}. */
    static void printForecast(PrintWriter pw, Forecast fc, boolean utc) {
        List<String> dates = ForecastCsv.dates(fc.times(), utc);
        pw.printf("%-20s %14s %14s %14s%n", fc.times() == null ? "step" : "date", "forecast",
                String.format("lower %.0f%%", 100 * fc.level()), String.format("upper %.0f%%", 100 * fc.level()));
        for (int t = 0; t < fc.horizon(); t++) {
            pw.printf("%-20s %14.4f %14.4f %14.4f%n", dates.isEmpty() ? "+" + (t + 1) : dates.get(t), fc.point()[t],
                    fc.lower()[t], fc.upper()[t]);
        }
    }

    static void row(PrintWriter out, String name, Accuracy a) {
        out.printf("%-28s %12.3f %12.3f %9s %8s%n", name, a.mae(), a.rmse(), a.smape().format("%.3f"),
                a.mase().format("%.4f"));
    }
}
