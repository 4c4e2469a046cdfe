package dev.jrnn.forecast.data;

import java.time.LocalDateTime;

/**
 * The timestamp of any observation index of a regular series, from one anchor observation:
 * {@code time(i) = anchorTime + (i - anchorIndex) step}; every time is null for a series without
 * timestamps.
 *
 * @param anchorTime  the anchor's timestamp, or null
 * @param anchorIndex the anchor's index
 * @param step        the spacing, or null without timestamps
 */
public record SeriesClock(LocalDateTime anchorTime, long anchorIndex, TimeStep step) {

    /** The clock of {@code s}, anchored at its last observation. */
    public static SeriesClock of(TimeSeries s) {
        if (!s.hasTimes()) {
            return new SeriesClock(null, s.length() - 1, null);
        }
        TimeStep step = TimeStep.infer(s.name(), s.times());
        return new SeriesClock(s.times()[s.length() - 1], s.length() - 1, step);
    }

    public LocalDateTime at(long index) {
        if (anchorTime == null) {
            return null;
        }
        return step.plus(anchorTime, index - anchorIndex);
    }

    /** The times of the {@code count} indices from {@code first}, or null without timestamps. */
    public LocalDateTime[] range(long first, int count) {
        if (anchorTime == null) {
            return null;
        }
        LocalDateTime[] out = new LocalDateTime[count];
        for (int i = 0; i < count; i++) {
            out[i] = at(first + i);
        }
        return out;
    }
}
