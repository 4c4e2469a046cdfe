package dev.jrnn.backend.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked FLOAT32 GEMM on the Vector API: {@code C[m, n] (+)= A[m, k] B[k, n]}
 * with all three row-major ({@code ld} = row length). A is packed per block of {@link #MC} rows and
 * {@link #KC} columns into strips of {@link #MR} interleaved rows ({@code ap[p * MR + r] = A[i + r, p]});
 * B rows are loaded straight as vectors. The micro-kernel keeps an {@code MR x NR} tile of C in
 * {@code MR * 4} vector registers and per step p does {@code c[r] += A[i + r, p] * B[p, j .. j + NR)}
 * with fused multiply-adds. Edge tiles run on zero-padded copies and are merged element by element.
 */
final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: four vectors. */
    static final int NR = 4 * L;
    private static final int KC = 128;
    private static final int MC = 128;
    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {new float[MC * KC], new float[KC * NR], new float[MR * NR]});

    private Sgemm() {
    }

    /**
     * {@code C[:, n0 .. n1) (+)= op(A) B[:, n0 .. n1)}; op(A) is {@code A} [m, k] or, when {@code ta},
     * the transpose of the stored [k, m]. The first K block stores (or adds, when {@code add}).
     */
    static void columns(float[] a, boolean ta, int lda, float[] b, int ldb, float[] c, int ldc, int m, int k,
                        int n0, int n1, boolean add) {
        float[][] buf = BUFFERS.get();
        float[] ap = buf[0];
        float[] edge = buf[1];
        float[] tile = buf[2];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0 && !add;
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                pack(a, ta, lda, ic, mc, pc, kc, ap);
                for (int jr = n0; jr < n1; jr += NR) {
                    int nr = Math.min(NR, n1 - jr);
                    float[] bp = b;
                    int bo = pc * ldb + jr;
                    int bs = ldb;
                    if (nr < NR) {
                        for (int p = 0; p < kc; p++) {
                            System.arraycopy(b, (pc + p) * ldb + jr, edge, p * NR, nr);
                            java.util.Arrays.fill(edge, p * NR + nr, (p + 1) * NR, 0f);
                        }
                        bp = edge;
                        bo = 0;
                        bs = NR;
                    }
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int co = (ic + ir) * ldc + jr;
                        if (mr == MR && nr == NR) {
                            kernel(kc, ap, ir * kc, bp, bo, bs, c, co, ldc, first);
                        } else {
                            kernel(kc, ap, ir * kc, bp, bo, bs, tile, 0, NR, true);
                            for (int r = 0; r < mr; r++) {
                                for (int j = 0; j < nr; j++) {
                                    c[co + r * ldc + j] = first ? tile[r * NR + j] : c[co + r * ldc + j] + tile[r * NR + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips, zero-padding the last strip. */
    private static void pack(float[] a, boolean ta, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            for (int r = 0; r < MR; r++) {
                int i = i0 + ir + r;
                if (ir + r >= mc) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                } else if (ta) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[(p0 + p) * lda + i];
                    }
                } else {
                    int ao = i * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[ao + p];
                    }
                }
            }
        }
    }

    /** The MR x NR register tile: {@code C[r, j] = (first ? 0 : C[r, j]) + sum_p ap[p, r] B[p, j]}. */
    private static void kernel(int kc, float[] ap, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc,
                               boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int o = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, o);
            FloatVector b1 = FloatVector.fromArray(S, b, o + L);
            FloatVector b2 = FloatVector.fromArray(S, b, o + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, o + 3 * L);
            int q = ao + p * MR;
            FloatVector a0 = FloatVector.broadcast(S, ap[q]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, ap[q + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(S, ap[q + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(S, ap[q + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            c33 = b3.fma(a3, c33);
        }
        store(c00, c01, c02, c03, c, co, first);
        store(c10, c11, c12, c13, c, co + ldc, first);
        store(c20, c21, c22, c23, c, co + 2 * ldc, first);
        store(c30, c31, c32, c33, c, co + 3 * ldc, first);
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] c, int o,
                              boolean first) {
        if (!first) {
            v0 = v0.add(FloatVector.fromArray(S, c, o));
            v1 = v1.add(FloatVector.fromArray(S, c, o + L));
            v2 = v2.add(FloatVector.fromArray(S, c, o + 2 * L));
            v3 = v3.add(FloatVector.fromArray(S, c, o + 3 * L));
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + L);
        v2.intoArray(c, o + 2 * L);
        v3.intoArray(c, o + 3 * L);
    }
}
