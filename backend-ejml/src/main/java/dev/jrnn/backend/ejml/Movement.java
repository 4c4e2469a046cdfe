package dev.jrnn.backend.ejml;

import dev.jrnn.api.Shape;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Movement ops on {@code float[]} or {@code double[]} storage: row-major block copies with
 * {@link System#arraycopy}, and transposes (EJML's for matrices, a strided gather otherwise).
 */
final class Movement {
    private Movement() {
    }

    /** A new zeroed array of the same element type as {@code like}. */
    static Object newArray(Object like, int n) {
        return like instanceof float[] ? new float[n] : new double[n];
    }

    /** Elements [start, end) along axis {@code a} of x viewed as [outer, n, inner]. */
    static Object slice(Object x, int outer, int n, int inner, int start, int end) {
        int width = (end - start) * inner;
        Object out = newArray(x, outer * width);
        for (int o = 0; o < outer && width > 0; o++) {
            System.arraycopy(x, (o * n + start) * inner, out, o * width, width);
        }
        return out;
    }

    /** Parts laid side by side along an axis: for each outer index, each part's block in turn. */
    static Object concat(Object[] parts, int[] widths, int outer, int total) {
        Object out = newArray(parts[0], total);
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < parts.length; p++) {
                System.arraycopy(parts[p], o * widths[p], out, pos, widths[p]);
                pos += widths[p];
            }
        }
        return out;
    }

    /** x viewed as [outer, inner] repeated {@code count} times along a new middle axis. */
    static Object expand(Object x, int outer, int inner, int count) {
        if (inner == 1) {
            return spread(x, outer, count);
        }
        Object out = newArray(x, outer * count * inner);
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < count; c++) {
                System.arraycopy(x, o * inner, out, (o * count + c) * inner, inner);
            }
        }
        return out;
    }

    /**
     * Each of x's {@code outer} elements repeated {@code count} times: a fill per element rather
     * than {@code count} one-element copies (a full sum's gradient and a new last axis take this path).
     */
    private static Object spread(Object x, int outer, int count) {
        if (x instanceof float[] f) {
            float[] out = new float[outer * count];
            for (int o = 0; o < outer; o++) {
                Arrays.fill(out, o * count, (o + 1) * count, f[o]);
            }
            return out;
        }
        double[] d = (double[]) x;
        double[] out = new double[outer * count];
        for (int o = 0; o < outer; o++) {
            Arrays.fill(out, o * count, (o + 1) * count, d[o]);
        }
        return out;
    }

    /** Matrix transpose [rows, cols] to [cols, rows] with EJML's blocked kernel. */
    static Object transpose2d(Object x, int rows, int cols) {
        if (x instanceof float[] f) {
            FMatrixRMaj out = new FMatrixRMaj(cols, rows);
            CommonOps_FDRM.transpose(FMatrixRMaj.wrap(rows, cols, f), out);
            return out.data;
        }
        DMatrixRMaj out = new DMatrixRMaj(cols, rows);
        CommonOps_DDRM.transpose(DMatrixRMaj.wrap(rows, cols, (double[]) x), out);
        return out.data;
    }

    /** {@code out[j_0..j_r] = x[i]} where {@code i_{p[k]} = j_k}: walks the output rows, gathering with a stride. */
    static Object transpose(Object x, Shape in, Shape out, int[] permutation) {
        int rank = out.rank();
        int n = out.size();
        Object result = newArray(x, n);
        if (n == 0) {
            return result;
        }
        int[] inStrides = in.strides();
        int[] outDims = out.dims();
        int rowLength = rank == 0 ? 1 : outDims[rank - 1];
        int stride = rank == 0 ? 0 : inStrides[permutation[rank - 1]];
        int[] index = new int[Math.max(rank - 1, 0)];
        float[] fx = x instanceof float[] f ? f : null;
        double[] dx = fx == null ? (double[]) x : null;
        for (int row = 0; row < n / rowLength; row++) {
            int src = 0;
            for (int k = 0; k < index.length; k++) {
                src += index[k] * inStrides[permutation[k]];
            }
            int dst = row * rowLength;
            if (stride == 1) {
                // the last axis stays last ([B, T, I] to [T, B, I]): each output row is one run of x
                System.arraycopy(x, src, result, dst, rowLength);
            } else if (fx != null) {
                float[] r = (float[]) result;
                for (int j = 0; j < rowLength; j++) {
                    r[dst + j] = fx[src + j * stride];
                }
            } else {
                double[] r = (double[]) result;
                for (int j = 0; j < rowLength; j++) {
                    r[dst + j] = dx[src + j * stride];
                }
            }
            for (int k = index.length - 1; k >= 0; k--) {
                if (++index[k] < outDims[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        return result;
    }
}
