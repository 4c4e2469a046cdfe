package dev.jrnn.forecast.data;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SeriesReader} found and changed in a file: per series, its time step and the holes it
 * filled or dropped under the {@link FillPolicy}.
 *
 * @param series one report per series, in file order
 * @param notes    what reading assumed about the file (columns taken by position, times read as UTC)
 * @param warnings what in the data looks wrong though it reads, one line each: values far outside their
 *                 series' range ({@link Outliers}), named with their series, time and line
 */
public record DataReport(List<SeriesReport> series, List<String> notes, List<String> warnings) {
    /** Positions listed in a description before the rest is summarised. */
    static final int SHOWN = 3;

    public DataReport {
        series = List.copyOf(series);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** A report without warnings. */
    public DataReport(List<SeriesReport> series, List<String> notes) {
        this(series, notes, List.of());
    }

    /** A report of {@code series} with nothing assumed. */
    public DataReport(List<SeriesReport> series) {
        this(series, List.of());
    }

    /**
     * A place in a file: a missing value on a line, or a gap, a timestamp missing from the series'
     * grid, named by the line of the next row.
     *
     * @param series the series
     * @param time   the timestamp of the missing value or of the missing row
     * @param line   the 1-based line of the missing value, or of the row after the gap
     * @param gap    whether no row has this timestamp (else a row has it without a value)
     */
    public record Position(String series, LocalDateTime time, int line, boolean gap) {
        /** {@code 2000-03-01 (line 4)} or {@code 2000-05-01 (gap before line 6)}. */
        @Override
        public String toString() {
            return Timestamps.format(time) + (gap ? " (gap before line " : " (line ") + line + ")";
        }
    }

    /**
     * One series' report.
     *
     * @param series        its name
     * @param step          its time step, null for a series of one row
     * @param fill          the policy applied
     * @param rows          the rows it has in the file
     * @param missingValues rows without a value, filled
     * @param gaps          timestamps without a row, filled
     * @param dropped       holes before the first value, which no policy fills, removed from the start
     * @param trailing      missing values after the last value (rows of times not yet observed), removed
     *                      from the end rather than made up
     */
    public record SeriesReport(String series, TimeStep step, FillPolicy fill, int rows, List<Position> missingValues,
                               List<Position> gaps, List<Position> dropped, List<Position> trailing) {
        public SeriesReport {
            missingValues = List.copyOf(missingValues);
            gaps = List.copyOf(gaps);
            dropped = List.copyOf(dropped);
            trailing = List.copyOf(trailing);
        }

        /** Values filled in: missing values and gap rows. */
        public int filled() {
            return missingValues.size() + gaps.size();
        }

        /** Whether the series differs from its rows in the file. */
        public boolean changed() {
            return filled() > 0 || !dropped.isEmpty() || !trailing.isEmpty();
        }

        /**
         * One line: {@code sales: filled 2 missing values (2000-03-01 (line 4), ...) and 1 gap (...) with
         * linear interpolation; dropped 1 leading missing value (...)}, or that nothing was filled.
         */
        public String describe() {
            if (!changed()) {
                return series + ": nothing to fill (" + rows + " rows, step " + step + ")";
            }
            List<String> parts = new ArrayList<>();
            if (filled() > 0) {
                List<String> what = new ArrayList<>();
                if (!missingValues.isEmpty()) {
                    what.add(count(missingValues.size(), "missing value") + " (" + first(missingValues) + ")");
                }
                if (!gaps.isEmpty()) {
                    what.add(count(gaps.size(), "gap") + " (" + first(gaps) + ")");
                }
                parts.add("filled " + String.join(" and ", what) + (fill == FillPolicy.LINEAR
                        ? " by linear interpolation" : " with the previous value"));
            }
            if (!dropped.isEmpty()) {
                parts.add("dropped " + count(dropped.size(), "leading hole") + " before the first value ("
                        + first(dropped) + ")");
            }
            if (!trailing.isEmpty()) {
                parts.add("dropped " + count(trailing.size(), "missing value") + " after the last value ("
                        + first(trailing) + "): the series ends at its last value");
            }
            return series + ": " + String.join("; ", parts);
        }
    }

    /** The notes, then the {@link SeriesReport#describe} line of every series that was changed. */
    public List<String> changes() {
        List<String> out = new ArrayList<>(notes);
        series.stream().filter(SeriesReport::changed).map(SeriesReport::describe).forEach(out::add);
        return List.copyOf(out);
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The first {@value #SHOWN} positions, then {@code ...} when there are more. */
    static String first(List<Position> positions) {
        List<String> shown = positions.stream().limit(SHOWN).map(Position::toString).toList();
        return String.join(", ", shown) + (positions.size() > SHOWN ? ", ..." : "");
    }
}
