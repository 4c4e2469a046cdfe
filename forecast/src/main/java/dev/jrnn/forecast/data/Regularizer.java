package dev.jrnn.forecast.data;

import dev.jrnn.forecast.data.DataReport.Position;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the rows of one series on its regular time grid: rows in time order, the step inferred
 * ({@link TimeStep#infer}), duplicates and spacings that are not whole steps rejected naming the
 * rows, missing values and gaps filled by the {@link FillPolicy}.
 */
final class Regularizer {
    /**
     * The rows of one series as read, in file order.
     *
     * @param times  timestamps
     * @param values values, {@code NaN} where missing
     * @param lines  the line of each row
     */
    record Rows(LocalDateTime[] times, double[] values, int[] lines) {
    }

    /**
     * The outcome.
     *
     * @param series the regular series, null when holes were left unfilled
     * @param report what was filled and dropped
     * @param holes  every hole, filled or not, in time order
     */
    record Result(TimeSeries series, DataReport.SeriesReport report, List<Position> holes) {
    }

    private final String file;
    private final int timeColumn;
    private final int valueColumn;

    Regularizer(String file, int timeColumn, int valueColumn) {
        this.file = file;
        this.timeColumn = timeColumn;
        this.valueColumn = valueColumn;
    }

    Result regularize(String name, Rows rows, FillPolicy fill) {
        int n = rows.times().length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> rows.times()[i]));
        LocalDateTime[] t = new LocalDateTime[n];
        double[] v = new double[n];
        int[] line = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rows.times()[order[i]];
            v[i] = rows.values()[order[i]];
            line[i] = rows.lines()[order[i]];
        }
        checkDuplicates(name, t, line);
        if (n == 1) {
            return single(name, t[0], v[0], line[0], fill);
        }
        TimeStep step = TimeStep.infer(name, t);
        long[] k = new long[n];
        List<String> irregular = new ArrayList<>();
        int firstIrregular = 0;
        long size = 1;
        for (int i = 1; i < n; i++) {
            k[i] = step.steps(t[i - 1], t[i]);
            if (k[i] < 0) {
                if (irregular.isEmpty()) {
                    firstIrregular = line[i];
                }
                irregular.add(Timestamps.format(t[i - 1]) + " (line " + line[i - 1] + ") to "
                        + Timestamps.format(t[i]) + " (line " + line[i] + ")");
            }
            size += Math.max(k[i], 0);
        }
        if (!irregular.isEmpty()) {
            throw new SeriesFormatException(file, firstIrregular, timeColumn, "irregular time step in series " + name
                    + ": " + String.join(", ", irregular.subList(0, Math.min(DataReport.SHOWN, irregular.size())))
                    + (irregular.size() > 1 ? " are" : " is") + " not a whole number of steps of " + step
                    + (irregular.size() > DataReport.SHOWN ? " (" + irregular.size() + " such spacings)" : ""));
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new SeriesFormatException(file, line[n - 1], timeColumn, "series " + name + " would span " + size
                    + " steps of " + step);
        }
        double[] values = new double[(int) size];
        LocalDateTime[] times = new LocalDateTime[(int) size];
        Position[] hole = new Position[(int) size];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (long j = 1; i > 0 && j < k[i]; j++, at++) {
                times[at] = step.plus(t[i - 1], j);
                values[at] = Double.NaN;
                hole[at] = new Position(name, times[at], line[i], true);
            }
            times[at] = t[i];
            values[at] = v[i];
            hole[at] = Double.isNaN(v[i]) ? new Position(name, t[i], line[i], false) : null;
            at++;
        }
        List<Position> holes = Arrays.stream(hole).filter(p -> p != null).toList();
        if (fill == FillPolicy.NONE) {
            return new Result(holes.isEmpty() ? new TimeSeries(name, values, times) : null,
                    new DataReport.SeriesReport(name, step, fill, n, List.of(), List.of(), List.of(), List.of()), holes);
        }
        int first = 0;
        while (first < values.length && Double.isNaN(values[first])) {
            first++;
        }
        if (first == values.length) {
            throw new SeriesFormatException(file, line[0], valueColumn, "series " + name + " has no values, only "
                    + DataReport.count(n, "missing one"));
        }
        // rows after the last value (a spreadsheet's future dates, not yet observed) end the series there:
        // filling them would make up observations and start the forecast later
        int end = values.length;
        while (Double.isNaN(values[end - 1])) {
            end--;
        }
        fill(values, first, fill);
        List<Position> dropped = Arrays.asList(hole).subList(0, first);
        List<Position> trailing = Arrays.asList(hole).subList(end, hole.length);
        List<Position> kept = Arrays.stream(hole, first, end).filter(p -> p != null).toList();
        DataReport.SeriesReport report = new DataReport.SeriesReport(name, step, fill, n,
                kept.stream().filter(p -> !p.gap()).toList(), kept.stream().filter(Position::gap).toList(), dropped,
                trailing);
        return new Result(new TimeSeries(name, Arrays.copyOfRange(values, first, end),
                Arrays.copyOfRange(times, first, end)), report, holes);
    }

    /** A series of one row, which has no time step to check. */
    private Result single(String name, LocalDateTime t, double v, int line, FillPolicy fill) {
        boolean missing = Double.isNaN(v);
        if (missing && fill != FillPolicy.NONE) {
            throw new SeriesFormatException(file, line, valueColumn, "series " + name + " has no values, only 1 missing one");
        }
        return new Result(missing ? null : new TimeSeries(name, new double[] {v}, new LocalDateTime[] {t}),
                new DataReport.SeriesReport(name, null, fill, 1, List.of(), List.of(), List.of(), List.of()),
                missing ? List.of(new Position(name, t, line, false)) : List.of());
    }

    /** Fills the {@code NaN}s of {@code x} after {@code first} (an observed value) in place. */
    private static void fill(double[] x, int first, FillPolicy fill) {
        int last = first;
        for (int i = first + 1; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            for (int j = last + 1; j < i; j++) {
                x[j] = fill == FillPolicy.LINEAR ? x[last] + (x[i] - x[last]) * (j - last) / (i - last) : x[last];
            }
            last = i;
        }
        Arrays.fill(x, last + 1, x.length, x[last]);
    }

    private void checkDuplicates(String name, LocalDateTime[] t, int[] line) {
        List<String> found = new ArrayList<>();
        int firstLine = 0;
        for (int i = 1; i < t.length; i++) {
            if (t[i].equals(t[i - 1])) {
                if (found.isEmpty()) {
                    firstLine = Math.max(line[i], line[i - 1]);
                }
                found.add(Timestamps.format(t[i]) + " on lines " + Math.min(line[i - 1], line[i]) + " and "
                        + Math.max(line[i - 1], line[i]));
            }
        }
        if (!found.isEmpty()) {
            throw new SeriesFormatException(file, firstLine, timeColumn, "duplicate time in series " + name + ": "
                    + String.join(", ", found.subList(0, Math.min(DataReport.SHOWN, found.size())))
                    + (found.size() > DataReport.SHOWN ? " (" + found.size() + " duplicates)" : ""));
        }
    }
}
