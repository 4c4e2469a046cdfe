package dev.jrnn.forecast.eval;

import java.util.Arrays;

/**
 * STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland, McRae and Terpenning
 * (1990), without its robustness iterations, with R's {@code stl} defaults:
 * {@code x(t) = T(t) + S(t) + R(t)}. Each of two inner passes
 * <ol>
 * <li>smooths every cycle-subseries of the detrended series {@code x - T} (the values at one phase
 *     of the season) by a local constant of window {@code ns}, extended one cycle at each end: {@code C};</li>
 * <li>low-passes {@code C}: moving averages of length {@code m}, {@code m} and 3, then a local line of
 *     window {@code nl = nextodd(m)}: {@code L};</li>
 * <li>takes {@code S = C - L} and the trend {@code T} as a local line of window
 *     {@code nt = nextodd(ceil(1.5 m / (1 - 1.5 / ns)))} through {@code x - S}.</li>
 * </ol>
 * The local fits are computed every {@code ceil(window / 10)} positions and joined by straight lines.
 * A periodic season ({@code s.window = "periodic"}) is the mean of the seasonal component over each
 * phase.
 *
 * @param trend     {@code T}
 * @param seasonal  {@code S}
 * @param remainder {@code R = x - T - S}
 */
public record Stl(double[] trend, double[] seasonal, double[] remainder) {
    private static final int INNER = 2;

    /**
     * Decomposes {@code x} with season {@code period} (at least 2; {@code x} longer than two seasons)
     * and seasonal window {@code seasonalWindow} (made odd, at least 3).
     */
    public static Stl decompose(double[] x, int period, int seasonalWindow) {
        check(x, period);
        if (seasonalWindow < 1) {
            throw new IllegalArgumentException("STL needs a positive seasonal window, got " + seasonalWindow);
        }
        return run(x, period, odd(Math.max(3, seasonalWindow)), 0);
    }

    /** Decomposes {@code x} with a season that repeats exactly, R's {@code s.window = "periodic"}. */
    public static Stl periodic(double[] x, int period) {
        check(x, period);
        Stl loose = run(x, period, odd(10 * x.length + 1), 0);
        double[] sum = new double[period];
        int[] count = new int[period];
        for (int t = 0; t < x.length; t++) {
            sum[t % period] += loose.seasonal[t];
            count[t % period]++;
        }
        double[] seasonal = new double[x.length];
        double[] remainder = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            seasonal[t] = sum[t % period] / count[t % period];
            remainder[t] = x[t] - seasonal[t] - loose.trend[t];
        }
        return new Stl(loose.trend, seasonal, remainder);
    }

    /** {@code x - S}: the series without its season. */
    public double[] seasonallyAdjusted() {
        double[] out = new double[trend.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = trend[t] + remainder[t];
        }
        return out;
    }

    private static void check(double[] x, int period) {
        if (period < 2) {
            throw new IllegalArgumentException("STL needs a season of at least 2, got " + period);
        }
        if (x.length <= 2 * period) {
            throw new IllegalArgumentException("STL needs more than two seasons (" + 2 * period
                    + " values), got " + x.length);
        }
    }

    private static Stl run(double[] x, int m, int ns, int seasonalDegree) {
        int nt = odd((int) Math.ceil(1.5 * m / (1 - 1.5 / ns)));
        int nl = odd(m);
        return run(x, m, ns, seasonalDegree, nt, nl, (ns + 9) / 10, (nt + 9) / 10, (nl + 9) / 10);
    }

    /** The inner passes with every window and jump given. */
    static Stl run(double[] x, int m, int ns, int seasonalDegree, int nt, int nl, int sJump, int tJump, int lJump) {
        int n = x.length;
        int trendDegree = 1;
        double[] trend = new double[n];
        double[] seasonal = new double[n];
        double[] work = new double[n];
        for (int pass = 0; pass < INNER; pass++) {
            for (int i = 0; i < n; i++) {
                work[i] = x[i] - trend[i];
            }
            double[] cycle = cycleSubseries(work, m, ns, seasonalDegree, sJump);
            double[] low = StlLoess.movingAverage(cycle, n + 2 * m, m);
            low = StlLoess.movingAverage(low, low.length, m);
            low = StlLoess.movingAverage(low, low.length, 3);
            low = StlLoess.smooth(low, n, nl, trendDegree, lJump);
            for (int i = 0; i < n; i++) {
                seasonal[i] = cycle[m + i] - low[i];
                work[i] = x[i] - seasonal[i];
            }
            trend = StlLoess.smooth(work, n, nt, trendDegree, tJump);
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = x[i] - trend[i] - seasonal[i];
        }
        return new Stl(trend, seasonal, remainder);
    }

    /**
     * Each phase's values smoothed and extrapolated one cycle before and after: index
     * {@code m + t} holds position {@code t}, the first and last {@code m} the extensions.
     */
    private static double[] cycleSubseries(double[] y, int m, int ns, int degree, int jump) {
        int n = y.length;
        double[] out = new double[n + 2 * m];
        double[] sub = new double[n / m + 1];
        double[] w = new double[n / m + 1];
        for (int j = 0; j < m; j++) {
            int k = (n - j - 1) / m + 1;
            for (int i = 0; i < k; i++) {
                sub[i] = y[i * m + j];
            }
            double[] fit = StlLoess.smooth(sub, k, ns, degree, jump);
            double first = StlLoess.estimate(sub, k, ns, degree, 0, 1, Math.min(ns, k), w);
            double last = StlLoess.estimate(sub, k, ns, degree, k + 1, Math.max(1, k - ns + 1), k, w);
            out[j] = Double.isNaN(first) ? fit[0] : first;
            for (int i = 0; i < k; i++) {
                out[(i + 1) * m + j] = fit[i];
            }
            out[(k + 1) * m + j] = Double.isNaN(last) ? fit[k - 1] : last;
        }
        return out;
    }

    private static int odd(int v) {
        return v % 2 == 0 ? v + 1 : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stl s && Arrays.equals(trend, s.trend) && Arrays.equals(seasonal, s.seasonal)
                && Arrays.equals(remainder, s.remainder);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(trend) + Arrays.hashCode(seasonal)) + Arrays.hashCode(remainder);
    }

    @Override
    public String toString() {
        return "Stl[" + trend.length + " values]";
    }
}
