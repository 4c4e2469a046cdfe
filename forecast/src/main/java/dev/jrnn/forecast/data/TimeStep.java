package dev.jrnn.forecast.data;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;

/**
 * The regular spacing of a series' timestamps: a number of calendar months (monthly, quarterly,
 * yearly data, on one day of the month or on month ends) or a fixed duration (hourly, half-hourly,
 * daily data).
 *
 * @param months   months between observations, or 0 when {@code duration} applies
 * @param duration time between observations when {@code months} is 0, else zero
 * @param monthEnd whether the observations fall on the last day of their month (only with months)
 */
public record TimeStep(int months, Duration duration, boolean monthEnd) {

    public TimeStep {
        if (months < 0 || (months > 0) != duration.isZero() || (monthEnd && months == 0) || duration.isNegative()) {
            throw new IllegalArgumentException("a time step is a positive number of months or a positive duration, got "
                    + months + " months and " + duration);
        }
    }

    /** A step of {@code months} months on one day of the month, or of {@code duration} when months is 0. */
    public TimeStep(int months, Duration duration) {
        this(months, duration, false);
    }

    /**
     * The most common spacing of {@code times} (ascending): calendar months when more than half of
     * the timestamps share a day of the month and a time of day (or all fall on month ends at one time
     * of day), else the most common duration between neighbours; on a tie, the shorter spacing.
     * Spacings that are not whole multiples of the result are gaps or irregularities for the caller
     * to judge ({@link #steps}).
     */
    public static TimeStep infer(String series, LocalDateTime[] times) {
        if (times.length < 2) {
            throw new IllegalArgumentException("series " + series + " needs two timestamps to infer its time step");
        }
        TimeStep calendar = calendarMonths(times);
        if (calendar != null) {
            return calendar;
        }
        Map<Duration, Integer> counts = new HashMap<>();
        for (int i = 1; i < times.length; i++) {
            Duration d = Duration.between(times[i - 1], times[i]);
            if (!d.isNegative() && !d.isZero()) {
                counts.merge(d, 1, Integer::sum);
            }
        }
        Duration best = null;
        for (var e : counts.entrySet()) {
            int c = counts.getOrDefault(best, 0);
            if (best == null || e.getValue() > c || (e.getValue() == c && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("series " + series + " has no two distinct timestamps in order");
        }
        return new TimeStep(0, best);
    }

    private static TimeStep calendarMonths(LocalDateTime[] times) {
        Map<String, Integer> keys = new HashMap<>();
        for (LocalDateTime t : times) {
            keys.merge(dayKey(t), 1, Integer::sum);
            if (isMonthEnd(t)) {
                keys.merge(endKey(t), 1, Integer::sum);
            }
        }
        String key = null;
        for (var e : keys.entrySet()) {
            int c = keys.getOrDefault(key, 0);
            boolean end = e.getKey().startsWith("end");
            // a tie between a day and month ends (all on the 31st, say) keeps the day
            if (key == null || e.getValue() > c || (e.getValue() == c && !end && key.startsWith("end"))) {
                key = e.getKey();
            }
        }
        if (key == null || 2 * keys.get(key) <= times.length) {
            return null;
        }
        boolean end = key.startsWith("end");
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 1; i < times.length; i++) {
            if (key.equals(end ? endKeyOrNull(times[i - 1]) : dayKey(times[i - 1]))
                    && key.equals(end ? endKeyOrNull(times[i]) : dayKey(times[i]))) {
                int m = monthsBetween(times[i - 1], times[i]);
                if (m > 0) {
                    counts.merge(m, 1, Integer::sum);
                }
            }
        }
        int best = 0;
        for (var e : counts.entrySet()) {
            int c = counts.getOrDefault(best, 0);
            if (best == 0 || e.getValue() > c || (e.getValue() == c && e.getKey() < best)) {
                best = e.getKey();
            }
        }
        return best == 0 ? null : new TimeStep(best, Duration.ZERO, end);
    }

    private static String dayKey(LocalDateTime t) {
        return t.getDayOfMonth() + "T" + t.toLocalTime();
    }

    private static String endKey(LocalDateTime t) {
        return "endT" + t.toLocalTime();
    }

    private static String endKeyOrNull(LocalDateTime t) {
        return isMonthEnd(t) ? endKey(t) : null;
    }

    private static boolean isMonthEnd(LocalDateTime t) {
        return t.getDayOfMonth() == t.toLocalDate().lengthOfMonth();
    }

    private static int monthsBetween(LocalDateTime a, LocalDateTime b) {
        return (b.getYear() - a.getYear()) * 12 + b.getMonthValue() - a.getMonthValue();
    }

    /** The time {@code k} steps after {@code t} ({@code k} may be negative). */
    public LocalDateTime plus(LocalDateTime t, long k) {
        if (months == 0) {
            return t.plus(duration.multipliedBy(k));
        }
        LocalDateTime s = t.plusMonths(k * months);
        return monthEnd ? s.with(TemporalAdjusters.lastDayOfMonth()) : s;
    }

    /**
     * The number of steps from {@code from} to {@code to} when it is whole ({@code to} equals
     * {@code plus(from, k)}), 0 when they are equal, else -1 (also when {@code to} is earlier).
     */
    public long steps(LocalDateTime from, LocalDateTime to) {
        if (from.equals(to)) {
            return 0;
        }
        long k;
        if (months > 0) {
            int m = monthsBetween(from, to);
            k = m > 0 && m % months == 0 ? m / months : -1;
        } else {
            Duration d = Duration.between(from, to);
            k = d.isNegative() ? -1 : d.dividedBy(duration);
        }
        return k > 0 && plus(from, k).equals(to) ? k : -1;
    }

    /** The {@code count} timestamps after {@code last}. */
    public LocalDateTime[] next(LocalDateTime last, int count) {
        LocalDateTime[] out = new LocalDateTime[count];
        for (int i = 0; i < count; i++) {
            out[i] = plus(last, i + 1);
        }
        return out;
    }

    /**
     * The season this step suggests: 12 for monthly, 4 for quarterly data (12 / months when that is
     * whole), the steps in a day below a day (24 hourly, 48 half-hourly), 7 for daily data, else 1.
     */
    public int season() {
        if (months > 0) {
            return months < 12 && 12 % months == 0 ? 12 / months : 1;
        }
        Duration day = Duration.ofDays(1);
        if (duration.equals(day)) {
            return 7;
        }
        if (duration.compareTo(day) < 0 && day.toNanos() % duration.toNanos() == 0) {
            return (int) (day.toNanos() / duration.toNanos());
        }
        return 1;
    }

    /** The step in words, for example {@code 1 month}, {@code 3 months (month ends)}, {@code 30 minutes}. */
    @Override
    public String toString() {
        if (months > 0) {
            String m = months % 12 == 0 ? plural(months / 12, "year") : plural(months, "month");
            return monthEnd ? m + " (month ends)" : m;
        }
        long s = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        return s % 86400 == 0 ? plural(s / 86400, "day") : s % 3600 == 0 ? plural(s / 3600, "hour")
                : s % 60 == 0 ? plural(s / 60, "minute") : plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
