package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.Arrays;

/**
 * Double seasonal Holt-Winters (Taylor, 2003, "Short-term electricity demand forecasting using
 * double seasonal exponential smoothing"; R's {@code dshw}) for a long season made of shorter
 * cycles, a week of days: a level {@code l}, a daily index {@code d} of period {@code m1} and a
 * weekly one {@code w} of period {@code m2}, on the logarithm of a positive series (so the seasons
 * act multiplicatively) and on the values otherwise, without a trend (a week ahead, a trend
 * extrapolates the noise of the last days). With {@code r(t) = z(t) - (l + d(t-m1) + w(t-m2))}:
 * <pre>
 *   l(t) = l(t-1) + alpha r(t)
 *   d(t) = d(t-m1) + delta (1 - alpha) r(t)
 *   w(t) = w(t-m2) + omega (1 - alpha) r(t)
 * </pre>
 * (Taylor's recursions in error-correction form), and the one-step forecast adds Taylor's
 * first-order autocorrelation adjustment {@code phi r(t-1)}. The forecast {@code k} steps ahead is
 * {@code l(n) + d(n + k - m1 ceil(k/m1)) + w(n + k - m2 ceil(k/m2)) + phi^k r(n)}. The weights
 * {@code alpha, delta, omega, phi} (each in (0, 1)) minimise the in-sample sum of squared
 * adjusted one-step errors (Nelder-Mead, at most 1000 evaluations), as Taylor and {@code dshw}
 * fit them. The states start from the first weekly cycle: the level its mean, the daily index the
 * mean deviation at each phase of the day, the weekly index what remains.
 *
 * <p>The interval is {@code f(k) +- z sigma sqrt(1 + sum_(j<k) c_j^2)} with
 * {@code c_j = alpha + (1 - alpha)(delta [j mod m1 = 0] + omega [j mod m2 = 0]) + phi^j}, the
 * exponential smoothing variance with the autocorrelation term added, an approximation.
 *
 * <p>With a season that is not a week of shorter cycles (see {@link EtsForecast#seasons}) the daily
 * index is left out; with fewer than two long seasons of data, the long one; with neither, the
 * level and the adjustment remain.
 */
public final class DoubleSeasonalHoltWinters {
    private final boolean log;
    private final int m1;
    private final int m2;
    private final double[] weights;
    private final State end;
    private final double sigma;

    private record State(double level, double[] daily, double[] weekly, double lastError, double sse, int count) {
    }

    private DoubleSeasonalHoltWinters(boolean log, int m1, int m2, double[] weights, State end, double sigma) {
        this.log = log;
        this.m1 = m1;
        this.m2 = m2;
        this.weights = weights;
        this.end = end;
        this.sigma = sigma;
    }

    /**
     * Fits {@code x} (at least three values) with the long season {@code season}.
     *
     * @throws IllegalArgumentException when {@code x} holds fewer than three values or the season is not positive
     */
    public static DoubleSeasonalHoltWinters fit(double[] x, int season) {
        if (x.length < 3 || season < 1) {
            throw new IllegalArgumentException("double seasonal Holt-Winters needs three values and a positive season,"
                    + " got " + x.length + " values and season " + season);
        }
        boolean log = Arrays.stream(x).allMatch(v -> v > 0);
        double[] z = log ? Arrays.stream(x).map(Math::log).toArray() : x.clone();
        int[] periods = EtsForecast.seasons(season);
        int m1 = periods.length == 2 && z.length >= 2 * periods[0] ? periods[0] : 1;
        int m2 = season > 1 && z.length >= 2 * season ? season : 1;
        if (m2 == 1) { // too short for the long season: the daily cycle, if any, is the only one
            m2 = m1;
            m1 = 1;
        }
        final int daily = m1;
        final int weekly = m2;
        NelderMead.Result best = NelderMead.minimise(p -> run(z, daily, weekly, weights(p)).sse(),
                new double[] {-2, -2, -2, 0}, new double[] {1, 1, 1, 1}, 1e-8, 1000);
        double[] w = weights(best.point());
        State s = run(z, daily, weekly, w);
        return new DoubleSeasonalHoltWinters(log, daily, weekly, w, s, Math.sqrt(s.sse() / Math.max(1, s.count())));
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        return fit(history.values(), season).forecast(history, horizon, level);
    }

    /** The fitted weights {@code alpha, delta, omega, phi}. */
    public double[] weights() {
        return weights.clone();
    }

    /** The periods modelled, {@code {m1, m2}}; 1 where a season is left out. */
    public int[] periods() {
        return new int[] {m1, m2};
    }

    Forecast forecast(TimeSeries history, int horizon, double level) {
        double alpha = weights[0];
        double delta = weights[1];
        double omega = weights[2];
        double phi = weights[3];
        double z = Normal.quantile((1 + level) / 2);
        int n = history.length();
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double variance = 0;
        for (int k = 1; k <= horizon; k++) {
            double f = end.level() + end.daily()[(n + k - 1) % m1] + end.weekly()[(n + k - 1) % m2]
                    + Math.pow(phi, k) * end.lastError();
            if (k > 1) {
                int j = k - 1;
                double c = alpha + (1 - alpha) * ((m1 > 1 && j % m1 == 0 ? delta : 0) + (m2 > 1 && j % m2 == 0 ? omega : 0))
                        + Math.pow(phi, j);
                variance += c * c;
            }
            double width = z * sigma * Math.sqrt(1 + variance);
            point[k - 1] = log ? Math.exp(f) : f;
            lower[k - 1] = log ? Math.exp(f - width) : f - width;
            upper[k - 1] = log ? Math.exp(f + width) : f + width;
        }
        return new Forecast(history.name(), point, lower, upper, level, history.futureTimes(horizon));
    }

    /** Weights {@code alpha, delta, omega, phi} in (0, 1) from unconstrained values. */
    private static double[] weights(double[] p) {
        return new double[] {sigmoid(p[0]), sigmoid(p[1]), sigmoid(p[2]), sigmoid(p[3])};
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * Runs the filter over {@code z} from states taken from its first long cycle (its first two
     * values when there is no season). Indices are kept by absolute position: {@code daily[t mod m1]}
     * and {@code weekly[t mod m2]}.
     */
    private static State run(double[] z, int m1, int m2, double[] w) {
        double alpha = w[0];
        double delta = w[1];
        double omega = w[2];
        double phi = w[3];
        double[] daily = new double[m1];
        double[] weekly = new double[m2];
        int start = Math.max(m2, 1);
        double level = 0;
        for (int i = 0; i < start; i++) {
            level += z[i] / start;
        }
        if (m1 > 1) {
            int[] count = new int[m1];
            for (int i = 0; i < start; i++) {
                daily[i % m1] += z[i] - level;
                count[i % m1]++;
            }
            for (int p = 0; p < m1; p++) {
                daily[p] /= Math.max(1, count[p]);
            }
        }
        if (m2 > 1) {
            for (int i = 0; i < start; i++) {
                weekly[i % m2] = z[i] - level - daily[i % m1];
            }
        }
        double sse = 0;
        double previous = 0;
        for (int t = start; t < z.length; t++) {
            double base = level + daily[t % m1] + weekly[t % m2];
            double r = z[t] - base;
            double e = r - phi * previous;
            sse += e * e;
            level += alpha * r;
            if (m1 > 1) {
                daily[t % m1] += delta * (1 - alpha) * r;
            }
            if (m2 > 1) {
                weekly[t % m2] += omega * (1 - alpha) * r;
            }
            previous = r;
        }
        return new State(level, daily, weekly, previous, Double.isFinite(sse) ? sse : Double.MAX_VALUE, z.length - start);
    }
}
