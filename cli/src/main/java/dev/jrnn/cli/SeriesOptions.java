package dev.jrnn.cli;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.LongCsv;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which series to work on: a bundled one, or one from a long CSV file; with its season and horizon. */
final class SeriesOptions {
    @Option(names = "--data", paramLabel = "FILE", description = "long CSV series,time,value (default: the bundled series)")
    Path data;

    @Option(names = "--series", paramLabel = "NAME", description = "series to use (default: AirPassengers, or the file's first)")
    String series;

    @Option(names = "--season", paramLabel = "N", description = "season length (default: from the bundled index or the time step)")
    Integer season;

    @Option(names = "--horizon", paramLabel = "N", description = "steps to forecast and test on (default: from the index, else one season)")
    Integer horizon;

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

    Selected select() {
        if (data == null) {
            String name = series == null ? "AirPassengers" : series;
            BundledData.Entry e = BundledData.entry(name).orElseThrow(() -> new IllegalArgumentException(
                    "no bundled series '" + name + "'; bundled: "
                            + BundledData.index().stream().map(BundledData.Entry::series).toList()
                            + " (or give --data FILE)"));
            return new Selected(BundledData.series(e), season != null ? season : e.season(),
                    horizon != null ? horizon : e.horizon(), true);
        }
        List<TimeSeries> all = LongCsv.read(data);
        TimeSeries s = series == null ? all.get(0) : all.stream().filter(t -> t.name().equals(series)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no series '" + series + "' in " + data + "; it has "
                        + all.stream().map(TimeSeries::name).toList()));
        int m = season != null ? season : BundledData.entry(s.name()).map(BundledData.Entry::season)
                .orElseGet(() -> inferSeason(s));
        int h = horizon != null ? horizon : BundledData.entry(s.name()).map(BundledData.Entry::horizon).orElse(m);
        return new Selected(s, m, h, false);
    }

    /**
     * The training parts (without their own test horizon) of the other series of the same source
     * with the same season as {@code sel}: the other bundled series, or the other series of the file.
     */
    List<TimeSeries> others(Selected sel) {
        if (data == null) {
            return BundledData.index().stream()
                    .filter(e -> e.season() == sel.season() && !e.series().equalsIgnoreCase(sel.series().name()))
                    .map(e -> trainingPart(BundledData.series(e), e.horizon())).toList();
        }
        return LongCsv.read(data).stream().filter(s -> !s.name().equals(sel.series().name()))
                .filter(s -> BundledData.entry(s.name()).map(BundledData.Entry::season)
                        .orElseGet(() -> inferSeason(s)) == sel.season())
                .map(s -> trainingPart(s, sel.horizon())).toList();
    }

    private static TimeSeries trainingPart(TimeSeries s, int horizon) {
        return s.dropLast(Math.min(horizon, s.length()));
    }

    /** 12 for monthly, 4 for quarterly, 24 for hourly, 48 for half-hourly, 7 for daily data, else 1. */
    static int inferSeason(TimeSeries s) {
        if (s.length() < 2) {
            return 1;
        }
        TimeStep step = TimeStep.infer(s.name(), s.times());
        if (step.months() > 0) {
            return step.months() < 12 ? 12 / step.months() : 1;
        }
        long minutes = step.duration().toMinutes();
        return minutes == 60 ? 24 : minutes == 30 ? 48 : minutes == 24 * 60 ? 7 : 1;
    }
}
