package dev.jrnn.spark;

/** Sorts a prefix of two parallel arrays by the first, stably (merge sort, already sorted runs in linear time). */
final class ParallelSort {
    private ParallelSort() {
    }

    /** Sorts {@code keys[0, n)} ascending, moving {@code values[0, n)} along. */
    static void byKey(long[] keys, double[] values, int n) {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = keys[i - 1] <= keys[i];
        }
        if (sorted) {
            return;
        }
        long[] k2 = new long[n];
        double[] v2 = new double[n];
        long[] srcK = keys;
        double[] srcV = values;
        long[] dstK = k2;
        double[] dstV = v2;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                for (int o = lo; o < hi; o++) {
                    if (a < mid && (b >= hi || srcK[a] <= srcK[b])) {
                        dstK[o] = srcK[a];
                        dstV[o] = srcV[a++];
                    } else {
                        dstK[o] = srcK[b];
                        dstV[o] = srcV[b++];
                    }
                }
            }
            long[] tk = srcK;
            srcK = dstK;
            dstK = tk;
            double[] tv = srcV;
            srcV = dstV;
            dstV = tv;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, n);
            System.arraycopy(srcV, 0, values, 0, n);
        }
    }
}
