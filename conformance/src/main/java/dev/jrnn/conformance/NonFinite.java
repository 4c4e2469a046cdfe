package dev.jrnn.conformance;

import java.util.Random;

/** Matrices with zeros where the other operand holds infinities, and saturating pre-activations. */
final class NonFinite {
    private NonFinite() {
    }

    /**
     * A row-major [m, k] matrix of values in [-1, 1) with row 0 all zeros, {@code +Inf} at
     * [1, k - 1] and, when m &gt; 2, NaN at [2, 0].
     */
    static double[] matrixA(Random random, int m, int k) {
        double[] a = uniform(random, m * k);
        for (int j = 0; j < k; j++) {
            a[j] = 0.0;
        }
        a[k + k - 1] = Double.POSITIVE_INFINITY;
        if (m > 2) {
            a[2 * k] = Double.NaN;
        }
        return a;
    }

    /**
     * A row-major [k, n] matrix of values in [-1, 1) with {@code +Inf} at [0, n - 1] (times the
     * zero row of {@link #matrixA}: NaN) and a zero at [k - 1, 0] (times its {@code +Inf}: NaN).
     */
    static double[] matrixB(Random random, int k, int n) {
        double[] b = uniform(random, k * n);
        b[n - 1] = Double.POSITIVE_INFINITY;
        b[(k - 1) * n] = 0.0;
        return b;
    }

    /** The row-major transpose of a row-major [rows, cols] matrix. */
    static double[] transposed(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    /** Pre-activations cycling through ±1000, ±100, ±30 and values in [-1, 1), signs at random. */
    static double[] saturating(Random random, int n) {
        double[] magnitudes = {1000.0, 100.0, 30.0};
        double[] x = uniform(random, n);
        for (int i = 0; i < n; i++) {
            if (i % 4 < 3) {
                x[i] = (random.nextBoolean() ? 1.0 : -1.0) * magnitudes[i % 4];
            }
        }
        return x;
    }

    private static double[] uniform(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2.0 * random.nextDouble() - 1.0;
        }
        return x;
    }
}
