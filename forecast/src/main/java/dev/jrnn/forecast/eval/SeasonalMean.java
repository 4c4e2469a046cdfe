package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

/**
 * Seasonal naive with the season's shape averaged over the last {@code K} seasons: each of those
 * seasons is taken relative to its own mean, the shapes are averaged position by position, and the
 * mean of the last season is added back,
 * {@code f(n+k) = L + (1/K) sum_(j=1..K) (x(n + p - j m) - L_j)} with {@code p = ((k - 1) mod m) + 1},
 * {@code L_j} the mean of the {@code j}-th last season and {@code L = L_1}. With {@code K = 1} it is
 * seasonal naive; averaging damps the noise of a single season (a public holiday, a storm) while the
 * level stays that of the latest season.
 *
 * <p>The interval is {@code f(k) +- z sigma sqrt(ceil(k/m))}, {@code sigma} the root mean square of
 * the method's own one-season-ahead in-sample errors.
 */
public final class SeasonalMean {
    /** Seasons averaged when the series holds that many. */
    public static final int SEASONS = 3;

    private SeasonalMean() {
    }

    /**
     * The point forecast from the last {@code seasons} whole seasons of {@code x} (fewer when it holds
     * fewer; a series shorter than one season is forecast by its last value).
     */
    public static double[] point(double[] x, int horizon, int season, int seasons) {
        if (seasons < 1) {
            throw new IllegalArgumentException("seasonal mean needs at least one season, got " + seasons);
        }
        return point(x, x.length, horizon, season, seasons);
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        double[] x = history.values();
        int m = x.length >= season ? season : 1;
        double[] point = point(x, x.length, horizon, m, SEASONS);
        double ss = 0;
        int count = 0;
        for (int end = m; end + m <= x.length; end++) {
            double[] ahead = point(x, end, m, m, SEASONS);
            for (int k = 0; k < m; k++) {
                double e = x[end + k] - ahead[k];
                ss += e * e;
                count++;
            }
        }
        double sigma = count > 0 ? Math.sqrt(ss / count) : 0;
        return Baselines.withSeasonalInterval(history, point, sigma, m, level);
    }

    /** The point forecast from {@code x[0, end)}. */
    private static double[] point(double[] x, int end, int horizon, int season, int seasons) {
        if (end < 1) {
            throw new IllegalArgumentException("seasonal mean needs at least one value");
        }
        int m = end >= season ? season : 1;
        int k = Math.min(seasons, end / m);
        double[] shape = new double[m];
        double last = 0;
        for (int j = 1; j <= k; j++) {
            int from = end - j * m;
            double mean = 0;
            for (int p = 0; p < m; p++) {
                mean += x[from + p] / m;
            }
            if (j == 1) {
                last = mean;
            }
            for (int p = 0; p < m; p++) {
                shape[p] += (x[from + p] - mean) / k;
            }
        }
        double[] f = new double[horizon];
        for (int t = 0; t < horizon; t++) {
            f[t] = last + shape[t % m];
        }
        return f;
    }
}
