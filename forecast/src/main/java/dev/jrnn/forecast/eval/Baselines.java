package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

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
     * Seasonal naive with its prediction interval: {@code f(k) +- z sigma sqrt(ceil(k/m))}, where
     * {@code sigma} is the root mean square of the in-sample seasonal differences {@code x(t) - x(t-m)}
     * (lag 1 when the history is not longer than a season).
     */
    public static Forecast seasonalNaive(TimeSeries history, int horizon, int season, double level) {
        double[] x = history.values();
        int m = x.length > season ? season : 1;
        double[] point = m == season ? seasonalNaive(x, horizon, season) : naive(x, horizon);
        double ss = 0;
        for (int t = m; t < x.length; t++) {
            ss += (x[t] - x[t - m]) * (x[t] - x[t - m]);
        }
        double sigma = x.length > m ? Math.sqrt(ss / (x.length - m)) : 0;
        return withSeasonalInterval(history, point, sigma, m, level);
    }

    /**
     * {@code point} with the interval of a method whose error grows by season:
     * {@code f(k) +- z sigma sqrt(ceil(k/m))}, 1-based k, z the normal quantile of {@code level}.
     */
    static Forecast withSeasonalInterval(TimeSeries history, double[] point, double sigma, int m, double level) {
        int horizon = point.length;
        double z = Normal.quantile((1 + level) / 2);
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            double width = z * sigma * Math.sqrt(k / m + 1);
            lower[k] = point[k] - width;
            upper[k] = point[k] + width;
        }
        return new Forecast(history.name(), point, lower, upper, level, history.futureTimes(horizon));
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
