package dev.jrnn.forecast.data;

import java.util.List;
import java.util.Optional;

/**
 * The series read from a file and the report of what reading filled in.
 *
 * @param series every series, in order of first appearance, each on a regular time grid
 * @param report   what was found and filled
 * @param utcTimes whether the times are UTC instants rather than the clock times written: the file's
 *                 time zone offset changed between times of day (daylight saving time), so the clock
 *                 times would skip or repeat an hour; forecasts of such series are written in UTC
 *                 ({@link ForecastCsv#dates(java.time.LocalDateTime[], boolean)})
 */
public record SeriesData(List<TimeSeries> series, DataReport report, boolean utcTimes) {

    public SeriesData {
        series = List.copyOf(series);
    }

    /** Series whose times are the clock times written. */
    public SeriesData(List<TimeSeries> series, DataReport report) {
        this(series, report, false);
    }

    /** The series named {@code name}, if the file has it. */
    public Optional<TimeSeries> find(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
