package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.ReduceOp;
import java.util.Arrays;

/**
 * Reductions along one axis of a tensor viewed as [outer, n, inner]:
 * {@code out[o, i] = op over k of x[o, k, i]} (SUM from 0, MAX from -infinity).
 * The loops run k outside i, so every pass reads contiguous memory.
 */
final class Reductions {
    private Reductions() {
    }

    static Object reduce(ReduceOp op, Object x, int outer, int n, int inner) {
        boolean max = op == ReduceOp.MAX;
        if (x instanceof float[] in) {
            double[] acc = accumulate(max, outer, n, inner, in, null);
            float[] out = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                out[i] = (float) acc[i];
            }
            return out;
        }
        return accumulate(max, outer, n, inner, null, (double[]) x);
    }

    /** Accumulates in double whichever of {@code f} and {@code d} is given. */
    private static double[] accumulate(boolean max, int outer, int n, int inner, float[] f, double[] d) {
        double[] acc = new double[outer * inner];
        if (!max && inner == 1) {
            // a row sum: its own loop, as the general one spent a loop setup per element here
            for (int o = 0; o < outer; o++) {
                acc[o] = f != null ? rowSum(f, o * n, n) : rowSum(d, o * n, n);
            }
            return acc;
        }
        if (max) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        for (int o = 0; o < outer; o++) {
            int ao = o * inner;
            for (int k = 0; k < n; k++) {
                int xo = (o * n + k) * inner;
                if (max) {
                    maxInto(acc, ao, f, d, xo, inner);
                } else if (f != null) {
                    addInto(acc, ao, f, xo, inner);
                } else {
                    addInto(acc, ao, d, xo, inner);
                }
            }
        }
        return acc;
    }

    private static void addInto(double[] acc, int ao, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    private static void addInto(double[] acc, int ao, double[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    private static void maxInto(double[] acc, int ao, float[] f, double[] d, int xo, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i] = Math.max(acc[ao + i], f != null ? f[xo + i] : d[xo + i]);
        }
    }

    /** {@code sum x[from .. from + n)} in double, in four interleaved partial sums. */
    private static double rowSum(float[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum x[from .. from + n)}, in four interleaved partial sums. */
    private static double rowSum(double[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
