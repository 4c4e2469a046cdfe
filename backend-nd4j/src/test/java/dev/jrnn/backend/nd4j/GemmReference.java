package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/**
 * A plain Java product for the GEMM tests, on row-major blocks at offsets inside larger arrays,
 * accumulated in double, and the comparison that goes with it.
 */
final class GemmReference {
    private GemmReference() {
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} on a copy of {@code c}: op(A) [m, k] at {@code aOff}
     * with leading dimension {@code lda}, op(B) [k, n] at {@code bOff}, C [m, n] at {@code cOff}.
     */
    static float[] product(int m, int n, int k, boolean transA, boolean transB, double alpha, float[] a, int aOff,
                           int lda, float[] b, int bOff, int ldb, double beta, float[] c, int cOff, int ldc) {
        float[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += (double) av * bv;
                }
                out[cOff + i * ldc + j] = (float) (alpha * sum + beta * c[cOff + i * ldc + j]);
            }
        }
        return out;
    }

    /**
     * Every element of {@code actual} against {@code expected}: inside the [m, n] block at
     * {@code cOff} within a tolerance growing with sqrt(k), outside it exactly (untouched).
     */
    static void assertMatches(float[] expected, float[] actual, int m, int n, int k, int cOff, int ldc, String what) {
        for (int i = 0; i < actual.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            float tolerance = inside ? 1e-4f * (1 + Math.abs(expected[i])) * (float) Math.sqrt(k) : 0f;
            assertEquals(expected[i], actual[i], tolerance,
                    what + "element " + i + (inside ? "" : " (outside C: untouched)"));
        }
    }

    /** {@code size} standard normal floats. */
    static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
