package dev.jrnn.forecast.data;

import dev.jrnn.models.train.NonFiniteException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named series of observations, oldest first, with their timestamps when known.
 *
 * @param name   identifier of the series (M4's id, the long CSV's series column)
 * @param values the observations; not copied, callers must not modify them
 * @param times  the timestamp of each observation, strictly increasing, or null when the data has none
 *               (M4 layout); not copied
 */
public record TimeSeries(String name, double[] values, LocalDateTime[] times) {

    /**
     * Checks the times against the values.
     *
     * @throws IllegalArgumentException when the times are not one per value, or not strictly increasing
     *                                  (naming the series and the first two out of order)
     */
    public TimeSeries {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (times != null && times.length != values.length) {
            throw new IllegalArgumentException("series " + name + " has " + values.length + " values but "
                    + times.length + " timestamps");
        }
        if (times != null) {
            requireIncreasing(name, times);
        }
    }

    /**
     * Timestamps one per observation, oldest first: the forecast's times continue from the last one by
     * the most common spacing, so times out of order or repeated would date the forecast wrongly.
     */
    private static void requireIncreasing(String name, LocalDateTime[] times) {
        for (int i = 0; i < times.length; i++) {
            if (times[i] == null) {
                throw new IllegalArgumentException("series " + name + ": timestamp " + (i + 1) + " of " + times.length
                        + " is null");
            }
            if (i > 0 && !times[i].isAfter(times[i - 1])) {
                throw new IllegalArgumentException("series " + name + ": timestamp " + (i + 1) + " (" + times[i]
                        + ") is not after timestamp " + i + " (" + times[i - 1] + "); give the observations oldest"
                        + " first, one per time");
            }
        }
    }

    /** A series without timestamps. */
    public static TimeSeries of(String name, double... values) {
        return new TimeSeries(name, values, null);
    }

    public int length() {
        return values.length;
    }

    /**
     * This series, when every value is finite.
     *
     * @throws NonFiniteException naming the series and the first NaN or infinite observation
     *                            (1-based, with its timestamp when known)
     */
    public TimeSeries requireFinite() {
        int i = NonFiniteException.firstNonFinite(values);
        if (i >= 0) {
            throw new NonFiniteException("series " + name + ": observation " + (i + 1) + " of " + values.length
                    + (times != null ? " (" + times[i] + ")" : "") + " is " + values[i] + "; a history must be finite"
                    + " (fill missing values first, for example with SeriesReader.fill)");
        }
        return this;
    }

    /** Whether the observations carry timestamps. */
    public boolean hasTimes() {
        return times != null;
    }

    /** The observations {@code [from, to)} as a new series. */
    public TimeSeries slice(int from, int to) {
        if (from < 0 || to > values.length || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside series " + name
                    + " of length " + values.length);
        }
        return new TimeSeries(name, Arrays.copyOfRange(values, from, to),
                times == null ? null : Arrays.copyOfRange(times, from, to));
    }

    /** The first {@code length() - count} observations: the training part when the last {@code count} are held out. */
    public TimeSeries dropLast(int count) {
        return slice(0, values.length - count);
    }

    /** The last {@code count} observations. */
    public TimeSeries last(int count) {
        return slice(values.length - count, values.length);
    }

    /** The timestamps of the {@code count} observations after the last one, or null without timestamps. */
    public LocalDateTime[] futureTimes(int count) {
        return times == null ? null : TimeStep.infer(name, times).next(times[times.length - 1], count);
    }
}
