package dev.jrnn.forecast.eval;

import java.util.List;
import java.util.Objects;

/**
 * The value of an accuracy measure, or why it has none: MASE of a series whose in-sample
 * differences are all zero, sMAPE of actuals and forecasts that are all zero. An undefined value is
 * never a number in disguise (no {@code Infinity}, no silent {@code NaN}).
 *
 * @param value  the value, finite when defined, {@code NaN} when undefined
 * @param reason why it is undefined, null when defined
 */
public record MetricValue(double value, String reason) {

    public MetricValue {
        if (reason == null ? !Double.isFinite(value) : !Double.isNaN(value)) {
            throw new IllegalArgumentException("a metric value is finite, or NaN with a reason; got " + value
                    + (reason == null ? "" : " because " + reason));
        }
    }

    /** A defined value. */
    public static MetricValue of(double value) {
        return new MetricValue(value, null);
    }

    /** An undefined value and the reason, for example {@code "the in-sample differences at lag 12 are all zero"}. */
    public static MetricValue undefined(String reason) {
        return new MetricValue(Double.NaN, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isDefined() {
        return reason == null;
    }

    /** The value formatted by {@code pattern} ({@code "%.3f"}), or {@code undefined (reason)}. */
    public String format(String pattern) {
        return isDefined() ? String.format(pattern, value) : "undefined (" + reason + ")";
    }

    /**
     * The mean of {@code values}; undefined when one is, with the reason of the first undefined one
     * and, when not all are undefined, how many are.
     */
    public static MetricValue mean(List<MetricValue> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no metric values to average");
        }
        double sum = 0;
        int undefined = 0;
        MetricValue first = null;
        for (MetricValue v : values) {
            if (v.isDefined()) {
                sum += v.value;
            } else {
                undefined++;
                first = first == null ? v : first;
            }
        }
        if (first != null) {
            return undefined == values.size() ? first
                    : undefined(undefined + " of " + values.size() + " undefined, the first because " + first.reason);
        }
        return of(sum / values.size());
    }

    /**
     * The median of {@code values} (the mean of the middle two for an even count; for two values
     * their mean); undefined when one is, as {@link #mean}.
     */
    public static MetricValue median(List<MetricValue> values) {
        MetricValue mean = mean(values);
        if (!mean.isDefined()) {
            return mean;
        }
        double[] v = values.stream().mapToDouble(MetricValue::value).sorted().toArray();
        int n = v.length;
        return of(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
    }

    @Override
    public String toString() {
        return isDefined() ? Double.toString(value) : "undefined (" + reason + ")";
    }
}
