package dev.jrnn.forecast.data;

import java.time.LocalDateTime;

/** A periodic feature of a timestamp, or of a position when the data has no timestamps. */
public enum CalendarField {
    /** Month of the year, 12 values. */
    MONTH(12),
    /** Day of the week, 7 values. */
    DAY_OF_WEEK(7),
    /** Hour of the day (with minutes as a fraction for sin/cos), 24 values. */
    HOUR(24),
    /** Position within the season counted from the first observation; the period is the season. */
    PHASE(0);

    private final int period;

    CalendarField(int period) {
        this.period = period;
    }

    /** Number of distinct values; the season for {@link #PHASE}. */
    public int period(int season) {
        return this == PHASE ? season : period;
    }

    /** The value in {@code [0, period)}, possibly fractional, at {@code time} (or {@code index} for PHASE). */
    public double value(LocalDateTime time, long index, int season) {
        return switch (this) {
            case MONTH -> time.getMonthValue() - 1;
            case DAY_OF_WEEK -> time.getDayOfWeek().getValue() - 1;
            case HOUR -> time.getHour() + time.getMinute() / 60.0;
            case PHASE -> Math.floorMod(index, season);
        };
    }
}
