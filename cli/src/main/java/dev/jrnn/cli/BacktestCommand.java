package dev.jrnn.cli;

import dev.jrnn.forecast.select.ClassicDefaults;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.Backtest;
import dev.jrnn.api.backend.Backend;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jrnn backtest}: rolling-origin evaluation of a series, per origin and on average. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Rolling-origin backtest: retrain at each origin, score the horizon after it.")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SeriesOptions.Selected sel = source.select(out);
        TimeSeries s = sel.series();
        int step = stride != null ? stride : sel.horizon();
        TimeSeries firstTrain = s.dropLast(Math.min(s.length(), sel.horizon() + (origins - 1) * step));
        ForecastConfig config = model.apply(ClassicDefaults.builder(firstTrain, sel.season(), sel.horizon())).build();
        Backend backend = model.createBackend();
        List<Backtest.Fold> folds = Backtest.run(backend, config, s, origins, step, null);
        out.printf("%s: %d origins %d apart, horizon %d, %s on %s%n", s.name(), origins, step, sel.horizon(),
                config.cell(), backend.name());
        out.printf("%-8s %10s %9s %8s %16s %14s%n", "origin", "MAE", "sMAPE", "MASE", "snaive sMAPE", "snaive MASE");
        for (Backtest.Fold f : folds) {
            print(out, String.valueOf(f.origin()), f.model(), f.seasonalNaive());
        }
        print(out, "mean", Accuracy.mean(folds.stream().map(Backtest.Fold::model).toList()),
                Accuracy.mean(folds.stream().map(Backtest.Fold::seasonalNaive).toList()));
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String origin, Accuracy m, Accuracy n) {
        out.printf("%-8s %10.3f %9s %8s %16s %14s%n", origin, m.mae(), m.smape().format("%.3f"),
                m.mase().format("%.4f"), n.smape().format("%.3f"), n.mase().format("%.4f"));
    }
}
