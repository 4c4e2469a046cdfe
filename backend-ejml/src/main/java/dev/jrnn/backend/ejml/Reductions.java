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
        if (max) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        for (int o = 0; o < outer; o++) {
            int ao = o * inner;
            for (int k = 0; k < n; k++) {
                int xo = (o * n + k) * inner;
                if (f != null) {
                    for (int i = 0; i < inner; i++) {
                        acc[ao + i] = max ? Math.max(acc[ao + i], f[xo + i]) : acc[ao + i] + f[xo + i];
                    }
                } else {
                    for (int i = 0; i < inner; i++) {
                        acc[ao + i] = max ? Math.max(acc[ao + i], d[xo + i]) : acc[ao + i] + d[xo + i];
                    }
                }
            }
        }
        return acc;
    }
}
