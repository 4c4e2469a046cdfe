package dev.jrnn.spark;

import dev.jrnn.forecast.data.TimeSeries;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The observations of a series that are kept (its last ones, or all), oldest first, and the facts of
 * its whole history.
 *
 * @param series the series' identifier
 * @param times  each observation's time as {@link TimeKind#key}
 * @param values each observation's value
 * @param facts  what the whole series (without the held-out observations) says about scaling
 * @param held   the last observations held out for scoring, after {@code values}; empty when none are
 */
record SeriesCut(String series, long[] times, double[] values, HistoryFacts facts, double[] held)
        implements Serializable {

    /** A cut with nothing held out. */
    SeriesCut(String series, long[] times, double[] values, HistoryFacts facts) {
        this(series, times, values, facts, new double[0]);
    }

    int length() {
        return values.length;
    }

    /** As a {@link TimeSeries}: with timestamps unless the times are indices. */
    TimeSeries toSeries(TimeKind kind) {
        if (!kind.hasTimes()) {
            return TimeSeries.of(series, values);
        }
        LocalDateTime[] t = new LocalDateTime[times.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = TimeKind.time(times[i]);
        }
        return new TimeSeries(series, values, t);
    }

    /**
     * The spacing of the indices of a series without timestamps: the most common difference between
     * neighbours, the smaller on a tie (1 for a single observation).
     */
    long indexStep() {
        if (regular()) {
            return times.length > 1 ? times[1] - times[0] : 1;
        }
        long step = 1;
        Map<Long, Integer> counts = new HashMap<>();
        int best = 0;
        for (int i = 1; i < times.length; i++) {
            long d = times[i] - times[i - 1];
            int c = counts.merge(d, 1, Integer::sum);
            if (c > best || (c == best && d < step)) {
                best = c;
                step = d;
            }
        }
        return step;
    }

    /** Whether every difference between neighbours is the same (the usual case: no counting needed). */
    private boolean regular() {
        for (int i = 2; i < times.length; i++) {
            if (times[i] - times[i - 1] != times[1] - times[0]) {
                return false;
            }
        }
        return true;
    }
}
