package dev.jrnn.forecast.data;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * The regular spacing of a series' timestamps: a number of calendar months (monthly, quarterly,
 * yearly data) or a fixed duration (hourly, half-hourly, daily data).
 *
 * @param months   months between observations, or 0 when {@code duration} applies
 * @param duration time between observations when {@code months} is 0
 */
public record TimeStep(int months, Duration duration) {

    /** The spacing of {@code times}, taken from the last two observations. */
    public static TimeStep infer(String series, LocalDateTime[] times) {
        if (times.length < 2) {
            throw new IllegalArgumentException("series " + series + " needs two timestamps to infer its time step");
        }
        LocalDateTime a = times[times.length - 2];
        LocalDateTime b = times[times.length - 1];
        if (a.getDayOfMonth() == b.getDayOfMonth() && a.toLocalTime().equals(b.toLocalTime())) {
            int months = (b.getYear() - a.getYear()) * 12 + b.getMonthValue() - a.getMonthValue();
            if (months > 0) {
                return new TimeStep(months, Duration.ZERO);
            }
        }
        Duration d = Duration.between(a, b);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("series " + series + " has timestamps out of order: " + a + " then " + b);
        }
        return new TimeStep(0, d);
    }

    /** The {@code count} timestamps after {@code last}. */
    public LocalDateTime[] next(LocalDateTime last, int count) {
        LocalDateTime[] out = new LocalDateTime[count];
        LocalDateTime t = last;
        for (int i = 0; i < count; i++) {
            t = months > 0 ? t.plusMonths(months) : t.plus(duration);
            out[i] = t;
        }
        return out;
    }
}
