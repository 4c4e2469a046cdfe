package dev.jrnn.cli;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.Frequency;
import dev.jrnn.forecast.data.SeriesData;
import dev.jrnn.forecast.data.SeriesReader;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which series to work on: a bundled one, or one from a CSV file read by {@link SeriesReader}; with
 * its season and horizon.
 */
final class SeriesOptions {
    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV of date,value (one series) or series,date,value (default: the bundled series)")
    Path data;

    @Option(names = "--series", paramLabel = "NAME", description = "series to use (default: AirPassengers; of --data, every series for forecast"
            + " and the first for backtest)")
    String series;

    @Option(names = "--frequency", paramLabel = "F",
            description = "half-hourly, hourly, business-daily, daily, weekly, monthly, quarterly or yearly: sets the season and"
                    + " horizon (default: inferred from the timestamps)")
    String frequency;

    @Option(names = "--season", paramLabel = "N", description = "season length (default: from the frequency)")
    Integer season;

    @Option(names = "--horizon", paramLabel = "N", description = "steps to forecast (default: from the frequency)")
    Integer horizon;

    @Mixin
    ReadingOptions reading = new ReadingOptions();

    private SeriesData read;

    /**
     * The chosen series and its settings.
     *
     * @param series  the whole series
     * @param season  its season
     * @param horizon the test horizon
     * @param bundled whether it is a bundled series (with R baselines)
     */
    record Selected(TimeSeries series, int season, int horizon, boolean bundled) {
    }

    /** {@link #select()}, after printing to {@code out} what reading the file filled in, one line per series. */
    Selected select(PrintWriter out) {
        Selected sel = select();
        printReport(out);
        return sel;
    }

    /**
     * Every series to forecast, after printing what reading the file filled in: each series of
     * {@code --data} unless {@code --series} names one, else the one {@link #select()} chooses.
     */
    List<Selected> selectAll(PrintWriter out) {
        if (data == null || series != null) {
            return List.of(select(out));
        }
        checkSettings();
        List<Selected> all = read().series().stream().map(this::settingsOf).toList();
        printReport(out);
        return all;
    }

    private void printReport(PrintWriter out) {
        if (read != null) {
            read.report().changes().forEach(out::println);
            out.flush();
        }
    }

    private void checkSettings() {
        Checks.atLeast("--horizon", horizon, 1);
        Checks.atLeast("--season", season, 1);
    }

    Selected select() {
        checkSettings();
        if (data == null) {
            String name = series == null ? "AirPassengers" : series;
            BundledData.Entry e = BundledData.entry(name).orElseThrow(() -> new IllegalArgumentException(
                    "no bundled series '" + name + "'; bundled: "
                            + BundledData.index().stream().map(BundledData.Entry::series).toList()
                            + " (or give --data FILE)"));
            Frequency f = frequency != null ? Frequency.parse(frequency) : null;
            return new Selected(BundledData.series(e), season != null ? season : f != null ? f.season() : e.season(),
                    horizon != null ? horizon : f != null ? f.horizon() : e.horizon(), true);
        }
        List<TimeSeries> all = read().series();
        TimeSeries s = series == null ? all.get(0) : read().find(series)
                .orElseThrow(() -> new IllegalArgumentException("no series '" + series + "' in " + data + "; it has "
                        + all.stream().map(TimeSeries::name).toList()));
        return settingsOf(s);
    }

    /** {@code s} of {@code --data} with its season and horizon: as given, else from the frequency or its time step. */
    private Selected settingsOf(TimeSeries s) {
        Frequency f = frequency != null ? Frequency.parse(frequency) : null;
        TimeStep step = f == null && (season == null || horizon == null) ? TimeStep.of(s).orElseThrow(
                () -> new IllegalArgumentException("cannot tell the frequency of series " + s.name() + " from its"
                        + " timestamps; give --frequency, or --season and --horizon")) : null;
        int m = season != null ? season : f != null ? f.season() : step.season();
        int h = horizon != null ? horizon : f != null ? f.horizon() : step.horizon();
        return new Selected(s, m, h, false);
    }

    /**
     * The other series of the same source with the same season as {@code sel} (the other bundled
     * series, or the other series of the file), without their last {@code holdout} observations
     * (their own test parts, for a held-out evaluation; 0 to use them whole).
     */
    List<TimeSeries> others(Selected sel, boolean holdout) {
        if (data == null) {
            return BundledData.index().stream()
                    .filter(e -> e.season() == sel.season() && !e.series().equalsIgnoreCase(sel.series().name()))
                    .map(e -> trainingPart(BundledData.series(e), holdout ? e.horizon() : 0)).toList();
        }
        return read().series().stream().filter(s -> !s.name().equals(sel.series().name()))
                .filter(s -> TimeStep.of(s).map(TimeStep::season).orElse(-1) == sel.season())
                .map(s -> trainingPart(s, holdout ? sel.horizon() : 0)).toList();
    }

    /** Prints to {@code err} the warnings reading {@code --data} gave (values far outside their series' range), one line each. */
    void printWarnings(PrintWriter err) {
        if (read != null) {
            Warnings.data(err, read.report());
        }
    }

    /** Whether the times of {@code --data} were read as UTC instants (their offset changes: {@link SeriesData#utcTimes()}). */
    boolean utcTimes() {
        return data != null && read().utcTimes();
    }

    /** The file of {@code --data}, read once with the fill policy and date order given. */
    private SeriesData read() {
        if (read == null) {
            read = reading.reader().read(data);
        }
        return read;
    }

    private static TimeSeries trainingPart(TimeSeries s, int horizon) {
        return s.dropLast(Math.min(horizon, s.length()));
    }

    /**
     * The one time step of every series of {@code all} that has two or more timestamps; an error
     * naming two series that step differently, or when none has timestamps.
     */
    static TimeStep commonStep(List<TimeSeries> all) {
        TimeStep common = null;
        String first = null;
        for (TimeSeries s : all) {
            Optional<TimeStep> step = TimeStep.of(s);
            if (step.isEmpty()) {
                continue;
            }
            if (common == null) {
                common = step.get();
                first = s.name();
            } else if (!common.equals(step.get())) {
                throw new IllegalArgumentException("series " + first + " steps by " + common + " and series "
                        + s.name() + " by " + step.get() + "; one model needs one frequency: give --frequency, or"
                        + " --season and --horizon");
            }
        }
        if (common == null) {
            throw new IllegalArgumentException("no series has two timestamps to tell the frequency from; give"
                    + " --frequency, or --season and --horizon");
        }
        return common;
    }
}
