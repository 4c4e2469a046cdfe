package dev.jrnn.cli;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.data.ForecastCsv;
import dev.jrnn.forecast.data.SeriesData;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn predict}: loads a model saved by {@code forecast --save} or {@code m4 --save} and
 * forecasts from the end of the stored history, or of the series of a new file, with the same
 * numbers as the run that saved it.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Forecast with a saved model, from the end of its stored history or of --data.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by forecast --save, m4 --save or the Spark job's --train --save")
    Path modelFile;

    @Option(names = "--data", paramLabel = "FILE", description = "long CSV of the series to forecast from (default: the stored history)")
    Path data;

    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--series", paramLabel = "NAME", description = "forecast only this series")
    String series;

    @Option(names = "--out", paramLabel = "FILE", description = "write the forecasts as CSV: series,step,date,forecast,lower,upper")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE", description = "PNG chart of the (single) forecast")
    Path chart;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: the fastest estimate for forecasting these series with"
            + " this model, measured on it; see jrnn backends)")
    String backend;

    /** The names of the series of {@code histories} shorter than {@code needed}, the first ten and a count. */
    private static List<String> tooShort(List<TimeSeries> histories, int needed) {
        List<String> names = histories.stream().filter(s -> s.length() < needed)
                .map(s -> s.name() + " (" + s.length() + ")").toList();
        return names.size() <= 10 ? names : java.util.stream.Stream.concat(names.stream().limit(10),
                java.util.stream.Stream.of("and " + (names.size() - 10) + " more")).toList();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Checks.writable(out, chart);
        Checks.notInput("--model", modelFile, out, chart);
        Checks.notInput("--data", data, out, chart);
        PhaseClock clock = new PhaseClock();
        List<TimeSeries> given = null;
        boolean utcTimes = false;
        if (data != null) {
            SeriesData read = reading.reader().read(data);
            read.report().changes().forEach(pw::println);
            Warnings.data(spec.commandLine().getErr(), read.report());
            given = read.series();
            utcTimes = read.utcTimes();
        }
        clock.end("reading");
        Backend be = Backends.get(backend, ForecastModel.workload(modelFile, given));
        ForecastModel model = ForecastModel.load(be, modelFile);
        clock.end("loading");
        if (given != null) {
            stepMismatch(modelFile, model.histories(), given).ifPresent(w -> {
                spec.commandLine().getErr().println(w);
                spec.commandLine().getErr().flush();
            });
        }
        List<TimeSeries> histories = given != null ? given : model.histories();
        if (given == null) {
            utcTimes = model.utcTimes();
        }
        if (histories.isEmpty()) {
            throw new IllegalArgumentException(modelFile + " stores no history; give the series with --data");
        }
        if (series != null) {
            histories = histories.stream().filter(s -> s.name().equals(series)).toList();
            if (histories.isEmpty()) {
                throw new IllegalArgumentException("no series '" + series + "' in "
                        + (data != null ? data : modelFile + "'s stored history"));
            }
        }
        List<String> skipped = tooShort(histories, model.minimumLength());
        List<TimeSeries> longEnough = histories.stream().filter(s -> s.length() >= model.minimumLength()).toList();
        // where none is long enough, forecasting them all fails naming the first and what it needs
        if (!skipped.isEmpty() && !longEnough.isEmpty()) {
            histories = longEnough;
            spec.commandLine().getErr().println("jrnn predict: skipped " + skipped.size() + " series shorter than the "
                    + model.minimumLength() + " observations " + modelFile + " reads: " + String.join(", ", skipped));
            spec.commandLine().getErr().flush();
        }
        long forecasting = System.nanoTime();
        List<Forecast> forecasts = model.forecastAll(histories);
        double forecastSeconds = (System.nanoTime() - forecasting) / 1e9;
        clock.end("forecasting");
        pw.printf("%s: %s, %d series from %s%n", modelFile, model.name(), forecasts.size(),
                data != null ? data : "the stored history");
        if (out != null) {
            ForecastCsv.write(out, forecasts, utcTimes);
            pw.println("forecast written: " + out);
        }
        clock.end("writing");
        if (forecasts.size() > 1) {
            pw.printf("time: %s; %.0f series/s forecasting, %.0f series/s end to end%n", clock.summary(),
                    forecasts.size() / forecastSeconds, forecasts.size() / clock.elapsedSeconds());
        }
        if (forecasts.size() == 1) {
            ForecastCommand.printForecast(pw, forecasts.get(0), utcTimes);
        }
        pw.flush();
        if (chart != null) {
            if (forecasts.size() != 1) {
                throw new IllegalArgumentException("--chart draws one series; name it with --series");
            }
            TimeSeries h = histories.get(0);
            ForecastChart.draw(chart, h.name() + ": " + model.name(), h, null, forecasts.get(0), 4 * model.horizon(),
                    null, out);
            pw.println("chart: " + chart);
        }
        pw.flush();
        return skipped.isEmpty() ? 0 : UserErrors.USER_ERROR;
    }

    /**
     * A warning when a new series steps otherwise than the series the model was fitted on (a daily
     * model given monthly data): the model forecasts it with the season and horizon of its own data.
     * Where its networks read calendar covariates of the fitted step, forecasting refuses the series
     * ({@link dev.jrnn.forecast.data.CalendarEncoder#stepMismatch}), exit code 2.
     */
    static Optional<String> stepMismatch(Path modelFile, List<TimeSeries> stored, List<TimeSeries> given) {
        Optional<TimeStep> fitted = stored.stream().map(TimeStep::of).flatMap(Optional::stream).findFirst();
        if (fitted.isEmpty()) {
            return Optional.empty();
        }
        for (TimeSeries s : given) {
            Optional<TimeStep> step = TimeStep.of(s);
            if (step.isPresent() && !step.get().equals(fitted.get())) {
                return Optional.of("warning: series " + s.name() + " steps by " + step.get() + ", but " + modelFile
                        + " was fitted on series stepping by " + fitted.get() + "; it forecasts with their season and"
                        + " horizon");
            }
        }
        return Optional.empty();
    }
}
