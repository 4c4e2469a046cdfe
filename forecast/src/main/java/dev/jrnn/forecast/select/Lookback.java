package dev.jrnn.forecast.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An input window given in units of the data rather than in observations, so that one setting fits
 * any frequency: {@code 2h} is two horizons, {@code 7s} seven seasons, {@code 2x} twice the ensemble's
 * own input window, {@code 168} 168 observations.
 * Ensemble members that read different lookbacks of the same series err differently (N-BEATS'
 * ensembles of lookbacks of 2 to 7 horizons).
 *
 * @param count how many units, positive
 * @param unit  the unit
 */
public record Lookback(double count, Unit unit) {
    /** What a lookback is counted in. */
    public enum Unit {
        /** Forecast horizons: {@code count * horizon} observations. */
        HORIZONS("h"),
        /** Seasons: {@code count * season} observations. */
        SEASONS("s"),
        /** The ensemble's own input window: {@code count * window} observations. */
        WINDOWS("x"),
        /** Observations themselves. */
        OBSERVATIONS("");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }
    }

    public Lookback {
        if (unit == null || !(count > 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("a lookback needs a positive count and a unit, got " + count + " " + unit);
        }
    }

    /**
     * {@code 2h} (horizons), {@code 7s} (seasons), {@code 2x} (the ensemble's input windows) or
     * {@code 168} (observations); a count may have a fraction ({@code 3.5h}).
     */
    public static Lookback parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Unit unit = t.endsWith("h") ? Unit.HORIZONS : t.endsWith("s") ? Unit.SEASONS
                : t.endsWith("x") ? Unit.WINDOWS : Unit.OBSERVATIONS;
        String number = unit == Unit.OBSERVATIONS ? t : t.substring(0, t.length() - 1);
        double count;
        try {
            count = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lookback '" + text + "' is not a count of horizons (2h), seasons (7s),"
                    + " input windows (2x) or observations (168)");
        }
        if (!(count > 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("lookback '" + text + "' must be positive");
        }
        return new Lookback(count, unit);
    }

    /** A comma-separated list of {@link #parse} lookbacks; blank gives none. */
    public static List<Lookback> parseList(String text) {
        List<Lookback> all = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                all.add(parse(part));
            }
        }
        return List.copyOf(all);
    }

    /**
     * The window in observations for series of {@code horizon} and {@code season}, read {@code
     * stepSize} observations a step: rounded to a whole number of steps, at least {@code minimum}
     * (rounded up to steps: a season where the window is deseasonalised) and at most {@code room}
     * (rounded down to steps: the observations the shortest series has before its last horizon).
     * Where {@code room} holds less than {@code minimum}, {@code window}, the ensemble's own input
     * window (which the unit {@link Unit#WINDOWS} counts in).
     */
    public int observations(int horizon, int season, int stepSize, int minimum, int room, int window) {
        double units = switch (unit) {
            case HORIZONS -> horizon;
            case SEASONS -> season;
            case WINDOWS -> window;
            case OBSERVATIONS -> 1;
        };
        int least = ceilSteps(Math.max(1, minimum), stepSize);
        int most = room / stepSize * stepSize;
        if (most < least) {
            return window;
        }
        long steps = Math.round(count * units / stepSize);
        long wanted = steps * stepSize;
        return (int) Math.max(least, Math.min(most, wanted));
    }

    private static int ceilSteps(int n, int stepSize) {
        return (n + stepSize - 1) / stepSize * stepSize;
    }

    /** As parsed: {@code 2h}, {@code 7s}, {@code 2x}, {@code 168}. */
    @Override
    public String toString() {
        String n = count == Math.rint(count) ? String.valueOf((long) count) : String.valueOf(count);
        return n + unit.suffix;
    }
}
