package dev.jrnn.forecast.eval;

/**
 * Point-forecast accuracy measures, as the M4 competition defines them. {@code y} are the actual
 * values, {@code f} the forecasts, of equal length and finite. sMAPE and MASE can be undefined for
 * some data; they return a {@link MetricValue} that says why.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Mean absolute error {@code mean |y - f|}. */
    public static double mae(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(y[i] - f[i]);
        }
        return s / y.length;
    }

    /** Root mean squared error {@code sqrt(mean (y - f)^2)}. */
    public static double rmse(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] - f[i]) * (y[i] - f[i]);
        }
        return Math.sqrt(s / y.length);
    }

    /**
     * Symmetric MAPE in percent {@code 200 mean(|y - f| / (|y| + |f|))}; a term with both zero counts 0,
     * and when every term has both zero the measure is undefined.
     */
    public static MetricValue smape(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        boolean any = false;
        for (int i = 0; i < y.length; i++) {
            double d = Math.abs(y[i]) + Math.abs(f[i]);
            s += d == 0 ? 0 : Math.abs(y[i] - f[i]) / d;
            any |= d != 0;
        }
        return any ? MetricValue.of(200 * s / y.length)
                : MetricValue.undefined("actual and forecast values are all zero");
    }

    /**
     * Mean absolute scaled error {@code mean|y - f| / mean_t |x_t - x_(t-m)|}: the MAE divided by
     * the in-sample MAE of the seasonal naive forecast on the training values {@code x} with lag
     * {@code m = season} (lag 1 when the training part is not longer than a season). Undefined when the
     * in-sample differences are all zero (a constant series, or one that repeats its season exactly),
     * or when there are too few in-sample values.
     */
    public static MetricValue mase(double[] y, double[] f, double[] insample, int season) {
        double mae = mae(y, f);
        int m = insample.length > season ? season : 1;
        if (insample.length <= m) {
            return MetricValue.undefined("it needs more than " + m + " in-sample values, got " + insample.length);
        }
        double scale = seasonalNaiveScale(insample, season);
        if (scale == 0) {
            return MetricValue.undefined("the in-sample differences at lag " + m + " are all zero");
        }
        double v = mae / scale;
        return Double.isFinite(v) ? MetricValue.of(v)
                : MetricValue.undefined("the in-sample differences at lag " + m + " are too small to scale by");
    }

    /** The MASE denominator {@code mean_t |x_t - x_(t-m)|}. */
    public static double seasonalNaiveScale(double[] x, int season) {
        int m = x.length > season ? season : 1;
        if (x.length <= m) {
            throw new IllegalArgumentException("MASE needs more than " + m + " in-sample values, got " + x.length);
        }
        double s = 0;
        for (int t = m; t < x.length; t++) {
            s += Math.abs(x[t] - x[t - m]);
        }
        return s / (x.length - m);
    }

    /** MAE, RMSE, sMAPE and MASE of one forecast. */
    public static Accuracy accuracy(double[] y, double[] f, double[] insample, int season) {
        return new Accuracy(mae(y, f), rmse(y, f), smape(y, f), mase(y, f, insample, season));
    }

    /**
     * M4's overall weighted average relative to Naive2:
     * {@code OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2}, each term averaged over all series first.
     */
    public static double owa(double smape, double mase, double smapeNaive2, double maseNaive2) {
        return (smape / smapeNaive2 + mase / maseNaive2) / 2;
    }

    private static void check(double[] y, double[] f) {
        if (y.length != f.length || y.length == 0) {
            throw new IllegalArgumentException("metrics need actuals and forecasts of one non-zero length, got "
                    + y.length + " and " + f.length);
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i]) || !Double.isFinite(f[i])) {
                throw new IllegalArgumentException("metrics need finite values; step " + (i + 1) + " has the actual "
                        + y[i] + " and the forecast " + f[i]);
            }
        }
    }
}
