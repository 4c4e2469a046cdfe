package dev.jrnn.forecast.eval;

/**
 * Classical benchmark forecasts: naive, seasonal naive and M4's Naive2 (naive on the seasonally
 * adjusted series when the series tests seasonal, see {@link Seasonality}).
 */
public final class Baselines {
    private Baselines() {
    }

    /** The last value repeated: {@code f(n+k) = x(n)}. */
    public static double[] naive(double[] x, int horizon) {
        double[] f = new double[horizon];
        java.util.Arrays.fill(f, x[x.length - 1]);
        return f;
    }

    /** The last season repeated: {@code f(n+k) = x(n + k - m ceil(k/m))}, 1-based k. */
    public static double[] seasonalNaive(double[] x, int horizon, int season) {
        if (x.length < season) {
            throw new IllegalArgumentException("seasonal naive needs a full season of " + season + " values, got " + x.length);
        }
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            f[k] = x[x.length - season + k % season];
        }
        return f;
    }

    /**
     * M4's Naive2: if {@link Seasonality#isSeasonal} says so, divide by the classical
     * multiplicative seasonal indices, forecast the last adjusted value, and multiply back by the
     * indices of the forecast positions; otherwise plain naive.
     */
    public static double[] naive2(double[] x, int horizon, int season) {
        if (season <= 1 || !Seasonality.isSeasonal(x, season)) {
            return naive(x, horizon);
        }
        double[] index = Seasonality.multiplicativeIndices(x, season);
        int n = x.length;
        double level = x[n - 1] / index[(n - 1) % season];
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            f[k] = level * index[(n + k) % season];
        }
        return f;
    }
}
