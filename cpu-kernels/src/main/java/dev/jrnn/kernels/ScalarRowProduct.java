package dev.jrnn.kernels;

/**
 * {@link RowProduct} on scalar loops, for JVMs without the Vector API: B packed as its transpose
 * ([n, k], each column one contiguous run), so each output column is one dot product read in order.
 */
final class ScalarRowProduct implements RowProduct {

    @Override
    public float[] pack(float[] b, int ldb, int k, int n) {
        float[] out = new float[n * k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                out[j * k + p] = b[p * ldb + j];
            }
        }
        return out;
    }

    @Override
    public void row(float[] a, int ao, float[] packed, int k, float[] c, int co, int n0, int n1, boolean add) {
        for (int j = n0; j < n1; j++) {
            int o = j * k;
            float s = add ? c[co + j - n0] : 0f;
            for (int p = 0; p < k; p++) {
                s += a[ao + p] * packed[o + p];
            }
            c[co + j - n0] = s;
        }
    }

    @Override
    public void rows(float[] a, int ao, int lda, int m, float[] packed, int k, float[] c, int co, int ldc, int n) {
        for (int r = 0; r < m; r++) {
            row(a, ao + r * lda, packed, k, c, co + r * ldc, 0, n, false);
        }
    }

    @Override
    public int columnTile() {
        return 1;
    }

    @Override
    public String toString() {
        return "scalar row products";
    }
}
