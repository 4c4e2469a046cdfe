package dev.jrnn.forecast.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values so far from the rest of their series that they would set its scale: a {@code 1e30} among
 * values near 100, a typing slip of six digits. Scaling (by the level, the mean and deviation, or the
 * log) and the intervals of every method follow such a value, so the forecast of the series comes out
 * absurd without any error; finding them lets the user check the value first.
 *
 * <p>A value {@code x_i} is an outlier when {@code |x_i - median| > FACTOR * s}, where {@code s} is the
 * series' robust spread: the deviation {@code |x_j - median|} of rank {@code floor(0.8 (n - 1))} among
 * the {@code n} sorted (so that up to a fifth of the values, outliers included, do not move it), or,
 * where that is zero (most values equal, as in intermittent demand), the smallest non-zero deviation. A series whose values are all equal but one has no spread to
 * compare with and no outlier. The factor is large on purpose: spikes of real data (a sale, a storm)
 * stay below it; values that break the scaling lie orders of magnitude beyond.
 */
public final class Outliers {
    /** How many robust spreads from the median a value must lie to be an outlier. */
    public static final double FACTOR = 1e4;

    private Outliers() {
    }

    /**
     * One outlier.
     *
     * @param index  its 0-based position in the series
     * @param value  the value
     * @param median the series' median
     * @param spread the series' robust spread ({@link Outliers})
     */
    public record Outlier(int index, double value, double median, double spread) {
    }

    /** The outliers of {@code values} (finite values; NaN and infinities are ignored), in order. */
    public static List<Outlier> find(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length < 3) {
            return List.of();
        }
        double median = quantile(finite, 0.5);
        double[] deviations = Arrays.stream(finite).map(v -> Math.abs(v - median)).sorted().toArray();
        double spread = deviations[(int) Math.floor(0.8 * (deviations.length - 1))];
        if (spread == 0) {
            spread = Arrays.stream(deviations).filter(d -> d > 0).findFirst().orElse(0);
            // one value apart from all the others: nothing to compare it with
            if (Arrays.stream(deviations).filter(d -> d > 0).count() < 2) {
                return List.of();
            }
        }
        List<Outlier> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && Math.abs(values[i] - median) > FACTOR * spread) {
                out.add(new Outlier(i, values[i], median, spread));
            }
        }
        return out;
    }

    /**
     * A warning about the outliers of {@code s} (the first three named, with their times when known, and
     * {@code where}, a text per outlier such as its line in a file, when not null), or null without any.
     */
    public static String warning(TimeSeries s, List<Outlier> outliers, java.util.function.IntFunction<String> where) {
        if (outliers.isEmpty()) {
            return null;
        }
        Outlier first = outliers.get(0);
        List<String> named = outliers.stream().limit(DataReport.SHOWN).map(o -> "value " + o.value() + " (observation "
                + (o.index() + 1) + (s.hasTimes() ? ", " + Timestamps.format(s.times()[o.index()]) : "")
                + (where != null ? ", " + where.apply(o.index()) : "") + ")").toList();
        return warning(s.name(), named, outliers.size(), first.median(), first.spread());
    }

    /**
     * The warning about {@code count} outliers of series {@code series}, of which {@code named} describe
     * the first (each {@code value 1.0E30 (...)}), given the series' median and robust spread: for
     * outliers found elsewhere than by {@link #find} (a distributed job's approximate quantiles).
     */
    public static String warning(String series, List<String> named, int count, double median, double spread) {
        return "series " + series + ": " + String.join(", ", named) + (count > named.size() ? ", ..." : "")
                + (count == 1 ? " lies" : " lie") + String.format(" over %,.0f times the series' spread (%.4g)"
                + " from its median (%.4g): the scaling and the intervals of its forecast would follow %s; check %s,"
                + " or mark %s missing (NA) and fill", FACTOR, spread, median,
                count == 1 ? "it" : "them", count == 1 ? "the value" : "the values",
                count == 1 ? "it" : "them");
    }

    /** The {@code p} quantile of sorted {@code x}, interpolated linearly (R's type 7). */
    private static double quantile(double[] x, double p) {
        double h = (x.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, x.length - 1);
        return x[lo] + (h - lo) * (x[hi] - x[lo]);
    }
}
