package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

/**
 * The Theta method as M4's benchmark runs it (Assimakopoulos and Nikolopoulos 2000): when the
 * series tests seasonal ({@link Seasonality#isSeasonal}) and is positive, it is divided by the
 * classical multiplicative seasonal indices; the forecast is the mean of the linear trend
 * extrapolated (theta line 0) and simple exponential smoothing of the theta line 2,
 * {@code 2 x(t) - trend(t)}; the indices multiply it back. The interval is that of exponential
 * smoothing, {@code f(k) +- z sigma sqrt(1 + (k - 1) a^2)}, seasonally scaled the same way.
 */
public final class Theta {
    private Theta() {
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        double[] x = history.values();
        int n = x.length;
        if (n < 3) {
            throw new IllegalArgumentException("the Theta method needs three observations of series "
                    + history.name() + ", got " + n);
        }
        boolean positive = java.util.Arrays.stream(x).allMatch(v -> v > 0);
        double[] index = season > 1 && positive && Seasonality.isSeasonal(x, season)
                ? Seasonality.multiplicativeIndices(x, season) : null;
        double[] adjusted = new double[n];
        for (int t = 0; t < n; t++) {
            adjusted[t] = index == null ? x[t] : x[t] / index[t % season];
        }
        double[] line = fitLine(adjusted);
        double[] theta2 = new double[n];
        for (int t = 0; t < n; t++) {
            theta2[t] = 2 * adjusted[t] - (line[0] + line[1] * t);
        }
        ExponentialSmoothing ses = ExponentialSmoothing.fit(theta2);
        ExponentialSmoothing spread = ExponentialSmoothing.fit(adjusted);
        double z = Normal.quantile((1 + level) / 2);
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            double f = 0.5 * (line[0] + line[1] * (n + k)) + 0.5 * ses.level();
            double width = z * spread.sigma() * Math.sqrt(1 + k * spread.alpha() * spread.alpha());
            double s = index == null ? 1 : index[(n + k) % season];
            point[k] = f * s;
            lower[k] = (f - width) * s;
            upper[k] = (f + width) * s;
        }
        return new Forecast(history.name(), point, lower, upper, level, history.futureTimes(horizon));
    }

    /** Least-squares intercept and slope of {@code y} against {@code t = 0..n-1}. */
    static double[] fitLine(double[] y) {
        int n = y.length;
        double tMean = (n - 1) / 2.0;
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - tMean) * (y[t] - yMean);
            sxx += (t - tMean) * (t - tMean);
        }
        double slope = sxy / sxx;
        return new double[] {yMean - slope * tMean, slope};
    }
}
