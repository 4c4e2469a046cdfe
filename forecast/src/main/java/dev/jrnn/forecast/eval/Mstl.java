package dev.jrnn.forecast.eval;

import java.util.Arrays;

/**
 * MSTL, the decomposition of a series with several seasons of Bandara, Hyndman and Bergmeir (2021),
 * as R's {@code forecast::mstl}: {@code x(t) = T(t) + S_1(t) + ... + S_J(t) + R(t)} for seasons
 * {@code m_1 < ... < m_J}. Starting from {@code S_j = 0}, it repeats {@value #ITERATIONS} times, for
 * each season in turn: add {@code S_j} back to the adjusted series, decompose that by {@link Stl}
 * with season {@code m_j} and seasonal window {@code 7 + 4j}, take the new {@code S_j} and remove it
 * again; the trend is the last decomposition's. Seasons that the series does not hold more than twice
 * are dropped, as R does.
 *
 * @param periods   the seasons kept, shortest first
 * @param seasonals {@code seasonals[j]} is {@code S_j}, one value per observation
 * @param adjusted  {@code x - sum_j S_j}: the series without its seasons
 */
public record Mstl(int[] periods, double[][] seasonals, double[] adjusted) {
    private static final int ITERATIONS = 2;

    /** Decomposes {@code x} with the seasons {@code periods} (each at least 2). */
    public static Mstl decompose(double[] x, int... periods) {
        int[] kept = Arrays.stream(periods).sorted().distinct().filter(p -> x.length > 2 * p).toArray();
        for (int p : periods) {
            if (p < 2) {
                throw new IllegalArgumentException("MSTL needs seasons of at least 2, got " + p);
            }
        }
        double[] adjusted = x.clone();
        double[][] seasonals = new double[kept.length][x.length];
        for (int it = 0; it < ITERATIONS; it++) {
            for (int j = 0; j < kept.length; j++) {
                for (int t = 0; t < x.length; t++) {
                    adjusted[t] += seasonals[j][t];
                }
                seasonals[j] = Stl.decompose(adjusted, kept[j], 7 + 4 * (j + 1)).seasonal();
                for (int t = 0; t < x.length; t++) {
                    adjusted[t] -= seasonals[j][t];
                }
            }
        }
        return new Mstl(kept, seasonals, adjusted);
    }

    /**
     * The seasons' part of the forecast {@code k = 1..horizon} steps after the series: each
     * component's last cycle repeated, {@code sum_j S_j(n + k - m_j ceil(k / m_j))}.
     */
    public double[] seasonalForecast(int horizon) {
        double[] out = new double[horizon];
        for (int j = 0; j < periods.length; j++) {
            int n = seasonals[j].length;
            for (int k = 0; k < horizon; k++) {
                out[k] += seasonals[j][n - periods[j] + k % periods[j]];
            }
        }
        return out;
    }
}
