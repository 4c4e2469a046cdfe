package dev.jrnn.forecast.data;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The sampling frequency of a series and the season and horizon it implies, as in the M4
 * competition (horizons 48, 14, 13, 18, 8, 6) with the calendar's seasons (a day of hours, a week
 * of days, a year of weeks, months or quarters; none for yearly data); business days have a week
 * of five and two weeks ahead.
 */
public enum Frequency {
    HALF_HOURLY(48, 48),
    HOURLY(24, 48),
    BUSINESS_DAILY(5, 10),
    DAILY(7, 14),
    WEEKLY(52, 13),
    MONTHLY(12, 18),
    QUARTERLY(4, 8),
    YEARLY(1, 6);

    private final int season;
    private final int horizon;

    Frequency(int season, int horizon) {
        this.season = season;
        this.horizon = horizon;
    }

    /** Observations in a season: the lag of seasonal naive and of MASE. */
    public int season() {
        return season;
    }

    /** The usual forecast horizon. */
    public int horizon() {
        return horizon;
    }

    /** The frequency named {@code text} ({@code hourly}, {@code half-hourly}, ...), case-insensitive. */
    public static Frequency parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(f -> f.name().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown frequency '" + text + "'; use one of "
                        + Arrays.stream(values()).map(Frequency::toString).toList()));
    }

    /** The frequency of a regular time step, if it is one of these. */
    public static Optional<Frequency> of(TimeStep step) {
        if (step.weekdays()) {
            return Optional.of(BUSINESS_DAILY);
        }
        if (step.months() > 0) {
            return switch (step.months()) {
                case 1 -> Optional.of(MONTHLY);
                case 3 -> Optional.of(QUARTERLY);
                case 12 -> Optional.of(YEARLY);
                default -> Optional.empty();
            };
        }
        Duration d = step.duration();
        if (d.equals(Duration.ofMinutes(30))) {
            return Optional.of(HALF_HOURLY);
        }
        if (d.equals(Duration.ofHours(1))) {
            return Optional.of(HOURLY);
        }
        if (d.equals(Duration.ofDays(1))) {
            return Optional.of(DAILY);
        }
        if (d.equals(Duration.ofDays(7))) {
            return Optional.of(WEEKLY);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
