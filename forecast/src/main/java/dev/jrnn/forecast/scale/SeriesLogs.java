package dev.jrnn.forecast.scale;

import dev.jrnn.forecast.data.TimeSeries;

/**
 * One series' natural logarithms, taken once, and where its values are not positive: what every
 * training window of the series reads again. A window's scaler and its scaled inputs and targets
 * come out the same from these as from the raw values ({@code Math.log} of a value is the same
 * number whenever it is taken), so training draws thousands of windows per series without taking
 * the logarithm of an observation more than once.
 */
public final class SeriesLogs {
    private final TimeSeries series;
    private final double[] logs;
    /** {@code notPositive[i]}: how many of the first {@code i} values are not positive (or NaN). */
    private final int[] notPositive;

    private SeriesLogs(TimeSeries series) {
        this.series = series;
        double[] x = series.values();
        logs = new double[x.length];
        notPositive = new int[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            logs[i] = Math.log(x[i]);
            notPositive[i + 1] = notPositive[i] + (x[i] > 0 ? 0 : 1);
        }
    }

    /** The logarithms of {@code s}'s values (NaN or -infinity where a value is not positive). */
    public static SeriesLogs of(TimeSeries s) {
        return new SeriesLogs(s);
    }

    public TimeSeries series() {
        return series;
    }

    /** {@code ln} of every value, in order; not copied, not to be modified. */
    double[] logs() {
        return logs;
    }

    /** The values a scaler of {@code log} reads: the logarithms, or the raw values. Not copied. */
    double[] transformed(boolean log) {
        return log ? logs : series.values();
    }

    /** Whether the values {@code [from, to)} are all positive (and not NaN). */
    boolean positive(int from, int to) {
        return notPositive[to] - notPositive[from] == 0;
    }
}
