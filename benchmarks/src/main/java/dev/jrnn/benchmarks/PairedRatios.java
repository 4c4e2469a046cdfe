package dev.jrnn.benchmarks;

import java.util.Arrays;

/**
 * Times of paired runs, A and B taken right after each other: their medians and the quartiles of
 * the per-pair ratio {@code B / A}. A ratio taken within a pair cancels the drift of a shared,
 * noisy machine that separate runs of A and B would each see differently.
 */
public final class PairedRatios {
    private final double[] a;
    private final double[] b;
    private final double[] ratios;

    /**
     * @throws IllegalArgumentException if the arrays differ in length, are empty or hold a time that
     *                                  is not positive
     */
    public PairedRatios(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired times need the same, non-zero count: A has " + a.length
                    + ", B has " + b.length);
        }
        this.a = a.clone();
        this.b = b.clone();
        this.ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0) || !(b[i] > 0)) {
                throw new IllegalArgumentException("pair " + i + " has a time that is not positive: " + a[i] + ", " + b[i]);
            }
            ratios[i] = b[i] / a[i];
        }
    }

    /** Median time of A. */
    public double medianA() {
        return quantile(a, 0.5);
    }

    /** Median time of B. */
    public double medianB() {
        return quantile(b, 0.5);
    }

    /** Quantile {@code q} (0 to 1) of the per-pair ratios B / A, by the nearest rank. */
    public double ratio(double q) {
        return quantile(ratios, q);
    }

    /** Quantile {@code q} of {@code x} by the nearest rank: the sorted element at {@code round(q (n - 1))}. */
    static double quantile(double[] x, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("a quantile lies in [0, 1], not " + q);
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
