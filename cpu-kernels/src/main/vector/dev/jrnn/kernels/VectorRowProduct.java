package dev.jrnn.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProduct} on the Vector API. B is packed whole into panels of {@link #NR} columns (two
 * vectors), panel {@code j} at {@code j k NR}, its row p at {@code + p NR}, the last panel
 * zero-padded: the layout of the CPU backends' packed GEMM, whose single-row case this kernel is.
 * Loaded by {@link CpuKernels}; the EJML backend's GEMM calls the static methods directly.
 */
public final class VectorRowProduct implements RowProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of one panel: two vectors. */
    public static final int NR = 2 * L;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[NR]);

    public VectorRowProduct() {
    }

    @Override
    public float[] pack(float[] b, int ldb, int k, int n) {
        return packed(b, ldb, k, n);
    }

    @Override
    public void row(float[] a, int ao, float[] packed, int k, float[] c, int co, int n0, int n1, boolean add) {
        product(a, ao, packed, k, c, co - n0, n0, n1, add);
    }

    /** On {@link VectorGemm}'s register tiles, A packed per call into strips of the tile's rows. */
    @Override
    public void block(float[] a, int lda, int m0, int m1, float[] packed, int k, float[] c, int ldc, int n,
                      boolean add) {
        VectorGemm.blockPacked(a, lda, packed, c, ldc, m0, m1, k, 0, n, add);
    }

    @Override
    public void rows(float[] a, int ao, int lda, int m, float[] packed, int k, float[] c, int co, int ldc, int n) {
        int whole = n / NR * NR;
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            fourRows(a, ao + r * lda, lda, packed, k, c, co + r * ldc, ldc, whole);
            if (whole < n) {
                for (int q = 0; q < 4; q++) {
                    product(a, ao + (r + q) * lda, packed, k, c, co + (r + q) * ldc, whole, n, false);
                }
            }
        }
        for (; r < m; r++) {
            product(a, ao + r * lda, packed, k, c, co + r * ldc, 0, n, false);
        }
    }

    /**
     * Four rows of A by the whole panels of columns {@code [0, n)} (a multiple of {@link #NR}), stored:
     * per panel a 4 x 2-vector tile of accumulators, so each panel row loaded serves four rows.
     */
    private static void fourRows(float[] a, int ao, int lda, float[] panels, int k, float[] c, int co, int ldc, int n) {
        int span = k * NR;
        for (int jr = 0; jr < n; jr += NR) {
            int o = jr / NR * span;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector s4 = s0;
            FloatVector s5 = s0;
            FloatVector s6 = s0;
            FloatVector s7 = s0;
            for (int p = 0; p < k; p++, o += NR) {
                FloatVector b0 = FloatVector.fromArray(S, panels, o);
                FloatVector b1 = FloatVector.fromArray(S, panels, o + L);
                FloatVector x0 = FloatVector.broadcast(S, a[ao + p]);
                FloatVector x1 = FloatVector.broadcast(S, a[ao + lda + p]);
                FloatVector x2 = FloatVector.broadcast(S, a[ao + 2 * lda + p]);
                FloatVector x3 = FloatVector.broadcast(S, a[ao + 3 * lda + p]);
                s0 = b0.fma(x0, s0);
                s1 = b1.fma(x0, s1);
                s2 = b0.fma(x1, s2);
                s3 = b1.fma(x1, s3);
                s4 = b0.fma(x2, s4);
                s5 = b1.fma(x2, s5);
                s6 = b0.fma(x3, s6);
                s7 = b1.fma(x3, s7);
            }
            int d = co + jr;
            s0.intoArray(c, d);
            s1.intoArray(c, d + L);
            s2.intoArray(c, d + ldc);
            s3.intoArray(c, d + ldc + L);
            s4.intoArray(c, d + 2 * ldc);
            s5.intoArray(c, d + 2 * ldc + L);
            s6.intoArray(c, d + 3 * ldc);
            s7.intoArray(c, d + 3 * ldc + L);
        }
    }

    @Override
    public int columnTile() {
        return NR;
    }

    /** B [k, n] (row length {@code ldb}) packed whole into panels of {@link #NR} columns, the last zero-padded. */
    public static float[] packed(float[] b, int ldb, int k, int n) {
        int panels = (n + NR - 1) / NR;
        float[] out = new float[panels * k * NR];
        for (int j = 0; j < panels; j++) {
            packPanel(b, ldb, 0, k, j * NR, Math.min(NR, n - j * NR), out, j * k * NR);
        }
        return out;
    }

    /**
     * Copies B[p0 .. p0+kc, j0 .. j0+nr) into {@code bp} at {@code bo} with rows of NR, zero-padding
     * a short panel.
     */
    public static void packPanel(float[] b, int ldb, int p0, int kc, int j0, int nr, float[] bp, int bo) {
        if (nr < NR) {
            // one fill of the whole panel: a fill of each row's few padding columns cost more than the copy
            Arrays.fill(bp, bo, bo + kc * NR, 0f);
        }
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, (p0 + p) * ldb + j0, bp, bo + p * NR, nr);
        }
    }

    /**
     * {@code c[co + j] (+)= sum_p a[ao + p] B[p, j]} for j in [n0, n1), B as {@link #packed} left it: four
     * panels at a time (eight accumulators hide the FMA latency), then one, the zero-padded last
     * panel through a scratch row. Added to C, the accumulators start from C. Callers reach it through
     * small entry points, so that C2 compiles it on its own with its vectors in registers (inlined
     * into a large driver it had run with its vectors boxed).
     */
    public static void product(float[] a, int ao, float[] panels, int k, float[] c, int co, int n0, int n1,
                               boolean add) {
        int jr = n0;
        int span = k * NR;
        FloatVector zero = FloatVector.zero(S);
        for (; jr + 4 * NR <= n1; jr += 4 * NR) {
            int o = jr / NR * span;
            int d = co + jr;
            FloatVector s0 = add ? FloatVector.fromArray(S, c, d) : zero;
            FloatVector s1 = add ? FloatVector.fromArray(S, c, d + L) : zero;
            FloatVector s2 = add ? FloatVector.fromArray(S, c, d + NR) : zero;
            FloatVector s3 = add ? FloatVector.fromArray(S, c, d + NR + L) : zero;
            FloatVector s4 = add ? FloatVector.fromArray(S, c, d + 2 * NR) : zero;
            FloatVector s5 = add ? FloatVector.fromArray(S, c, d + 2 * NR + L) : zero;
            FloatVector s6 = add ? FloatVector.fromArray(S, c, d + 3 * NR) : zero;
            FloatVector s7 = add ? FloatVector.fromArray(S, c, d + 3 * NR + L) : zero;
            for (int p = 0; p < k; p++, o += NR) {
                FloatVector x = FloatVector.broadcast(S, a[ao + p]);
                s0 = FloatVector.fromArray(S, panels, o).fma(x, s0);
                s1 = FloatVector.fromArray(S, panels, o + L).fma(x, s1);
                s2 = FloatVector.fromArray(S, panels, o + span).fma(x, s2);
                s3 = FloatVector.fromArray(S, panels, o + span + L).fma(x, s3);
                s4 = FloatVector.fromArray(S, panels, o + 2 * span).fma(x, s4);
                s5 = FloatVector.fromArray(S, panels, o + 2 * span + L).fma(x, s5);
                s6 = FloatVector.fromArray(S, panels, o + 3 * span).fma(x, s6);
                s7 = FloatVector.fromArray(S, panels, o + 3 * span + L).fma(x, s7);
            }
            s0.intoArray(c, d);
            s1.intoArray(c, d + L);
            s2.intoArray(c, d + NR);
            s3.intoArray(c, d + NR + L);
            s4.intoArray(c, d + 2 * NR);
            s5.intoArray(c, d + 2 * NR + L);
            s6.intoArray(c, d + 3 * NR);
            s7.intoArray(c, d + 3 * NR + L);
        }
        float[] tile = jr < n1 ? TILE.get() : null;
        for (; jr < n1; jr += NR) {
            int nr = Math.min(NR, n1 - jr);
            int o = jr / NR * span;
            Arrays.fill(tile, 0, NR, 0f);
            if (add) {
                System.arraycopy(c, co + jr, tile, 0, nr);
            }
            FloatVector s0 = FloatVector.fromArray(S, tile, 0);
            FloatVector s1 = FloatVector.fromArray(S, tile, L);
            for (int p = 0; p < k; p++, o += NR) {
                FloatVector x = FloatVector.broadcast(S, a[ao + p]);
                s0 = FloatVector.fromArray(S, panels, o).fma(x, s0);
                s1 = FloatVector.fromArray(S, panels, o + L).fma(x, s1);
            }
            s0.intoArray(tile, 0);
            s1.intoArray(tile, L);
            System.arraycopy(tile, 0, c, co + jr, nr);
        }
    }

    @Override
    public String toString() {
        return S.vectorBitSize() + "-bit row products";
    }
}
