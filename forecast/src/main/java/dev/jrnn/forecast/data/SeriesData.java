package dev.jrnn.forecast.data;

import java.util.List;
import java.util.Optional;

/**
 * The series read from a file and the report of what reading filled in.
 *
 * @param series every series, in order of first appearance, each on a regular time grid
 * @param report what was found and filled
 */
public record SeriesData(List<TimeSeries> series, DataReport report) {

    public SeriesData {
        series = List.copyOf(series);
    }

    /** The series named {@code name}, if the file has it. */
    public Optional<TimeSeries> find(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
