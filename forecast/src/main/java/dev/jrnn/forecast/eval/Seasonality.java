package dev.jrnn.forecast.eval;

/**
 * M4's seasonality test and R's classical multiplicative decomposition ({@code decompose}).
 */
public final class Seasonality {
    private static final double T_CRIT = 1.645;

    private Seasonality() {
    }

    /**
     * Sample autocorrelation {@code r_k = sum_t (x_t - mean)(x_(t+k) - mean) / sum_t (x_t - mean)^2}
     * for {@code k = 1..maxLag}; index 0 of the result is lag 1. {@code r_k} does not change when
     * {@code x} is multiplied by a constant, so it is computed on {@code x / max|x|}, which keeps the
     * sums of squares from overflowing for values above about 1e154; 0 for a constant series.
     */
    public static double[] acf(double[] x, int maxLag) {
        double[] y = scaled(x);
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double denom = 0;
        for (double v : y) {
            denom += (v - mean) * (v - mean);
        }
        double[] r = new double[maxLag];
        for (int k = 1; k <= maxLag; k++) {
            double s = 0;
            for (int t = 0; t + k < n; t++) {
                s += (y[t] - mean) * (y[t + k] - mean);
            }
            r[k - 1] = denom == 0 ? 0 : s / denom;
        }
        return r;
    }

    /** {@code x / max|x|}, in [-1, 1] (a copy of {@code x} when it is all zeros). */
    private static double[] scaled(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        double[] y = x.clone();
        if (max > 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] /= max;
            }
        }
        return y;
    }

    /**
     * The 90% test M4 applies: seasonal when {@code |r_m| > 1.645 sqrt((1 + 2 sum_(k<m) r_k^2) / n)},
     * and never when the series is shorter than three seasons.
     */
    public static boolean isSeasonal(double[] x, int season) {
        if (x.length < 3 * season) {
            return false;
        }
        double[] r = acf(x, season);
        double s = 1;
        for (int k = 0; k < season - 1; k++) {
            s += 2 * r[k] * r[k];
        }
        return Math.abs(r[season - 1]) > T_CRIT * Math.sqrt(s / x.length);
    }

    /**
     * Seasonal indices of the classical multiplicative decomposition, as R's
     * {@code decompose(type = "multiplicative")}: trend the centred moving average of order m
     * (a 2xm average for even m), each position's index the mean of {@code x / trend} over its
     * cycle, normalised to mean 1. Index {@code i} belongs to positions {@code t} with {@code t mod m = i}.
     * The indices do not change when {@code x} is multiplied by a constant; the moving sums run on
     * {@code x / max|x|} so that they cannot overflow.
     */
    public static double[] multiplicativeIndices(double[] values, int season) {
        return classicalIndices(scaled(values), season, true);
    }

    /**
     * Seasonal indices of the classical additive decomposition, as R's
     * {@code decompose(type = "additive")}: each position's index the mean of {@code x - trend} over
     * its cycle, centred to mean 0; otherwise as {@link #multiplicativeIndices}.
     */
    public static double[] additiveIndices(double[] x, int season) {
        return classicalIndices(x, season, false);
    }

    private static double[] classicalIndices(double[] x, int season, boolean multiplicative) {
        int n = x.length;
        int m = season;
        double[] sum = new double[m];
        int[] count = new int[m];
        int half = m / 2;
        for (int t = half; t < n - half; t++) {
            double trend;
            if (m % 2 == 0) {
                double s = 0.5 * x[t - half] + 0.5 * x[t + half];
                for (int j = t - half + 1; j < t + half; j++) {
                    s += x[j];
                }
                trend = s / m;
            } else {
                double s = 0;
                for (int j = t - half; j <= t + half; j++) {
                    s += x[j];
                }
                trend = s / m;
            }
            sum[t % m] += multiplicative ? x[t] / trend : x[t] - trend;
            count[t % m]++;
        }
        double neutral = multiplicative ? 1 : 0;
        double[] index = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            index[i] = count[i] == 0 ? neutral : sum[i] / count[i];
            mean += index[i];
        }
        mean /= m;
        for (int i = 0; i < m; i++) {
            index[i] = multiplicative ? index[i] / mean : index[i] - mean;
        }
        return index;
    }
}
