package dev.jrnn.forecast.data;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The regular spacing of a series' timestamps: a number of calendar months (monthly, quarterly,
 * yearly data, on one day of the month or on month ends), a fixed duration (hourly, half-hourly,
 * daily data), or one business day (daily data on weekdays only, Friday followed by Monday).
 *
 * @param months   months between observations, or 0 when {@code duration} applies
 * @param duration time between observations when {@code months} is 0, else zero
 * @param monthEnd whether the observations fall on the last day of their month (only with months)
 * @param weekdays whether the step is one business day: a duration of one day that skips weekends
 */
public record TimeStep(int months, Duration duration, boolean monthEnd, boolean weekdays) {
    private static final Duration DAY = Duration.ofDays(1);
    /** One business day: Monday to Friday, the weekend skipped. */
    public static final TimeStep BUSINESS_DAY = new TimeStep(0, DAY, false, true);

    public TimeStep {
        if (months < 0 || (months > 0) != duration.isZero() || (monthEnd && months == 0) || duration.isNegative()
                || (weekdays && !duration.equals(DAY))) {
            throw new IllegalArgumentException("a time step is a positive number of months, a positive duration or"
                    + " one business day, got " + months + " months and " + duration);
        }
    }

    /** A step of {@code months} months, on month ends or not, or of {@code duration} when months is 0. */
    public TimeStep(int months, Duration duration, boolean monthEnd) {
        this(months, duration, monthEnd, false);
    }

    /** A step of {@code months} months on one day of the month, or of {@code duration} when months is 0. */
    public TimeStep(int months, Duration duration) {
        this(months, duration, false);
    }

    /** The step of {@code series}, empty when it has fewer than two timestamps. */
    public static Optional<TimeStep> of(TimeSeries series) {
        if (!series.hasTimes() || series.length() < 2) {
            return Optional.empty();
        }
        return Optional.of(infer(series.name(), series.times()));
    }

    /**
     * The most common spacing of {@code times} (ascending): calendar months when more than half of
     * the timestamps share a day of the month and a time of day (or all fall on month ends at one time
     * of day), else the most common duration between neighbours; on a tie, the shorter spacing. A daily
     * series with no timestamp on a Saturday or Sunday that goes from a Friday to the Monday after at
     * least once steps by {@link #BUSINESS_DAY}.
     * Spacings that are not whole multiples of the result are gaps or irregularities for the caller
     * to judge ({@link #steps}).
     */
    public static TimeStep infer(String series, LocalDateTime[] times) {
        java.util.Objects.requireNonNull(times, "times");
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
        return best.equals(DAY) && onWeekdays(times) ? BUSINESS_DAY : new TimeStep(0, best);
    }

    /** Whether no time falls on a weekend and one Friday is followed by the Monday after it. */
    private static boolean onWeekdays(LocalDateTime[] times) {
        boolean weekendSkipped = false;
        for (int i = 0; i < times.length; i++) {
            if (times[i].getDayOfWeek().getValue() > 5) {
                return false;
            }
            weekendSkipped |= i > 0 && times[i - 1].getDayOfWeek() == DayOfWeek.FRIDAY
                    && times[i].equals(times[i - 1].plusDays(3));
        }
        return weekendSkipped;
    }

    /** The business days from the Monday of 1970-01-05 to {@code t}'s date (negative before it). */
    private static long businessDayIndex(LocalDateTime t) {
        long days = t.toLocalDate().toEpochDay() - 4;
        return Math.floorDiv(days, 7) * 5 + Math.min(Math.floorMod(days, 7), 5);
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
        if (weekdays) {
            if (k == 0) {
                return t;
            }
            long to = businessDayIndex(t) + k;
            long date = Math.floorDiv(to, 5) * 7 + Math.floorMod(to, 5) + 4;
            return LocalDate.ofEpochDay(date).atTime(t.toLocalTime());
        }
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
        if (weekdays) {
            k = businessDayIndex(to) - businessDayIndex(from);
        } else if (months > 0) {
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
     * The season this step suggests: {@link Frequency#season()} for the frequencies named there (12
     * monthly, 4 quarterly, 52 weekly, 7 daily, 5 business days, 24 hourly, 48 half-hourly, 1 yearly);
     * otherwise 12 / months when that is whole, the steps in a day for a step that divides a day
     * (96 for 15 minutes), else 1.
     */
    public int season() {
        Optional<Frequency> known = Frequency.of(this);
        if (known.isPresent()) {
            return known.get().season();
        }
        if (months > 0) {
            return months < 12 && 12 % months == 0 ? 12 / months : 1;
        }
        if (duration.compareTo(DAY) < 0 && DAY.toNanos() % duration.toNanos() == 0) {
            return (int) (DAY.toNanos() / duration.toNanos());
        }
        return 1;
    }

    /**
     * The horizon this step suggests: {@link Frequency#horizon()} for the frequencies named there;
     * otherwise the steps in a span, rounded up: 18 months, two
     * days for steps of an hour or more below a day, one day for shorter steps (96 for 15 minutes),
     * two weeks for steps of days, 13 weeks for longer ones.
     */
    public int horizon() {
        Optional<Frequency> known = Frequency.of(this);
        if (known.isPresent()) {
            return known.get().horizon();
        }
        if (months > 0) {
            return (18 + months - 1) / months;
        }
        Duration span = duration.compareTo(Duration.ofHours(1)) < 0 ? DAY
                : duration.compareTo(DAY) < 0 ? DAY.multipliedBy(2)
                : duration.compareTo(Duration.ofDays(7)) < 0 ? Duration.ofDays(14) : Duration.ofDays(91);
        return (int) Math.max(1, (span.toNanos() + duration.toNanos() - 1) / duration.toNanos());
    }

    /** The step in words, for example {@code 1 month}, {@code 3 months (month ends)}, {@code 30 minutes}. */
    @Override
    public String toString() {
        if (weekdays) {
            return "1 business day";
        }
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
