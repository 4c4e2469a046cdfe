package dev.jrnn.cli;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Backtest;
import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.select.Candidates;
import dev.jrnn.forecast.select.ModelSelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn backtest}: rolling-origin evaluation of what {@code jrnn forecast} does: at each
 * origin the whole choice (validation on the past, refit, forecast) runs on the series up to it.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Rolling-origin backtest: at each origin, choose and fit on the past, score the horizon after it.")
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SeriesOptions source = new SeriesOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--origins", defaultValue = "3", paramLabel = "N", description = "forecast origins (default: ${DEFAULT-VALUE})")
    int origins;

    @Option(names = "--stride", paramLabel = "N", description = "observations between origins (default: the horizon)")
    Integer stride;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "networks per configuration (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SeriesOptions.Selected sel = source.select(out);
        source.printWarnings(spec.commandLine().getErr());
        TimeSeries s = sel.series();
        int h = sel.horizon();
        int step = stride != null ? stride : h;
        Backend backend = model.createBackend(Candidates.workload(Candidates.of(s, sel.season(), h,
                ModelSelection.originsFor(s.length(), h), model::apply, List.of(), ForecastCommand.LEVEL), s).orElse(null));
        List<String> chosen = new java.util.ArrayList<>();
        List<Backtest.Fold> folds;
        try (ProgressBars bars = new ProgressBars(quiet)) {
            folds = Backtest.run(s, h, sel.season(), origins, step, (ModelSelection.MIN_ORIGINS + 1) * h, train -> {
                int validation = ModelSelection.originsFor(train.length(), h);
                AutoForecaster.Result r = new AutoForecaster(backend, seeds, ForecastCommand.SNAPSHOTS, validation, bars)
                        .fit(train, Candidates.of(train, sel.season(), h, validation, model::apply, List.of(),
                                ForecastCommand.LEVEL));
                chosen.add(r.model().name());
                return r.forecast();
            });
        }
        out.printf("%s: %d origins %d apart, horizon %d, season %d, on %s%n", s.name(), origins, step, h,
                sel.season(), backend.name());
        out.printf("%-8s %10s %9s %8s %16s %14s  %s%n", "origin", "MAE", "sMAPE", "MASE", "snaive sMAPE",
                "snaive MASE", "chosen");
        for (int i = 0; i < folds.size(); i++) {
            Backtest.Fold f = folds.get(i);
            print(out, String.valueOf(f.origin()), f.model(), f.seasonalNaive(), chosen.get(i));
        }
        print(out, "mean", Accuracy.mean(folds.stream().map(Backtest.Fold::model).toList()),
                Accuracy.mean(folds.stream().map(Backtest.Fold::seasonalNaive).toList()), "");
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String origin, Accuracy m, Accuracy n, String chosen) {
        out.printf("%-8s %10.3f %9s %8s %16s %14s  %s%n", origin, m.mae(), m.smape().format("%.3f"),
                m.mase().format("%.4f"), n.smape().format("%.3f"), n.mase().format("%.4f"), chosen);
    }
}
