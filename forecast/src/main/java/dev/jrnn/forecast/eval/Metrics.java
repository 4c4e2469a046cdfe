package dev.jrnn.forecast.eval;

/**
 * Point-forecast accuracy measures, as the M4 competition defines them. {@code y} are the actual
 * values, {@code f} the forecasts, of equal length.
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

    /** Symmetric MAPE in percent {@code 200 mean(|y - f| / (|y| + |f|))}; a term with both zero counts 0. */
    public static double smape(double[] y, double[] f) {
        check(y, f);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double d = Math.abs(y[i]) + Math.abs(f[i]);
            s += d == 0 ? 0 : Math.abs(y[i] - f[i]) / d;
        }
        return 200 * s / y.length;
    }

    /**
     * Mean absolute scaled error {@code mean|y - f| / mean_t |x_t - x_(t-m)|}: the MAE divided by
     * the in-sample MAE of the seasonal naive forecast on the training values {@code x} with lag
     * {@code m = season} (lag 1 when the training part is not longer than a season).
     */
    public static double mase(double[] y, double[] f, double[] insample, int season) {
        return mae(y, f) / seasonalNaiveScale(insample, season);
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
    }
}
