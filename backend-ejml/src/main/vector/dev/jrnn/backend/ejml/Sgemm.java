package dev.jrnn.backend.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked FLOAT32 GEMM on the Vector API: {@code C[m, n] (+)= op(A) B[k, n]}, all
 * row-major ({@code ld} = row length). A is packed per block of {@link #MC} rows and {@link #KC}
 * columns into strips of {@link #MR} interleaved rows ({@code ap[p * MR + r] = A[i + r, p]}); B rows
 * are loaded straight as vectors. The micro-kernel keeps an {@code MR x NR} tile of C in
 * {@code 2 MR} vector registers and per step p does {@code c[r] += A[i + r, p] B[p, j .. j + NR)} with
 * fused multiply-adds. Edge tiles (fewer than MR rows: A zero-padded; fewer than NR columns: a
 * zero-padded copy of B) run into a scratch tile that is then merged. (A separate one-row kernel
 * was slower: inlined into the driver, C2 kept its vectors boxed.)
 */
final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 72;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NR], new float[MR * NR]});

    private Sgemm() {
    }

    /**
     * {@code C[m0 .. m1, n0 .. n1) (+)= op(A)[m0 .. m1, :] B[:, n0 .. n1)}; op(A) is {@code A} [m, k] or,
     * when {@code ta}, the transpose of the stored [k, m]. The first K block stores (or adds, when
     * {@code add}).
     */
    static void block(float[] a, boolean ta, int lda, float[] b, int ldb, float[] c, int ldc, int m0, int m1, int k,
                      int n0, int n1, boolean add) {
        float[][] buf = BUFFERS.get();
        float[] ap = buf[0];
        float[] edge = buf[1];
        float[] tile = buf[2];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0 && !add;
            for (int ic = m0; ic < m1; ic += MC) {
                int mc = Math.min(MC, m1 - ic);
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
                            merge(tile, mr, nr, c, co, ldc, first);
                        }
                    }
                }
            }
        }
    }

    private static void merge(float[] tile, int rows, int nr, float[] c, int co, int ldc, boolean first) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nr; j++) {
                int o = co + r * ldc + j;
                c[o] = first ? tile[r * NR + j] : c[o] + tile[r * NR + j];
            }
        }
    }

    /**
     * Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips ({@code ap[strip * kc + p * MR + r]}),
     * the last strip padded with zero rows.
     */
    private static void pack(float[] a, boolean ta, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        if (ta) {
            // op(A)[i, p] = A[p, i]: each stored row p holds one row of every strip, so it is read once
            // and in order (strip by strip, the rows ran 4 KB apart and each was fetched once per strip)
            for (int p = 0; p < kc; p++) {
                int ao = (p0 + p) * lda + i0;
                for (int ir = 0; ir < mc; ir += MR) {
                    int rows = Math.min(MR, mc - ir);
                    int o = ir * kc + p * MR;
                    for (int r = 0; r < rows; r++) {
                        ap[o + r] = a[ao + ir + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        ap[o + r] = 0f;
                    }
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            int rows = Math.min(MR, mc - ir);
            for (int r = 0; r < MR; r++) {
                if (r >= rows) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                } else {
                    int ao = (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[ao + p];
                    }
                }
            }
        }
    }

    /** The MR x NR tile: {@code C[r, j] = (first ? 0 : C[r, j]) + sum_p ap[p, r] B[p, j]}. */
    private static void kernel(int kc, float[] ap, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc,
                               boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += ldb, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, b, o);
            FloatVector b1 = FloatVector.fromArray(S, b, o + L);
            FloatVector a = FloatVector.broadcast(S, ap[q]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[q + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, ap[q + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, ap[q + 3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, ap[q + 4]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, ap[q + 5]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
        }
        // stores written out: a helper taking vectors would box them whenever C2 did not inline it
        if (first) {
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c10.intoArray(c, co + 1 * ldc);
            c11.intoArray(c, co + 1 * ldc + L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
            c40.intoArray(c, co + 4 * ldc);
            c41.intoArray(c, co + 4 * ldc + L);
            c50.intoArray(c, co + 5 * ldc);
            c51.intoArray(c, co + 5 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, co).add(c00).intoArray(c, co);
            FloatVector.fromArray(S, c, co + L).add(c01).intoArray(c, co + L);
            FloatVector.fromArray(S, c, co + 1 * ldc).add(c10).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(S, c, co + 1 * ldc + L).add(c11).intoArray(c, co + 1 * ldc + L);
            FloatVector.fromArray(S, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(S, c, co + 2 * ldc + L).add(c21).intoArray(c, co + 2 * ldc + L);
            FloatVector.fromArray(S, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(S, c, co + 3 * ldc + L).add(c31).intoArray(c, co + 3 * ldc + L);
            FloatVector.fromArray(S, c, co + 4 * ldc).add(c40).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(S, c, co + 4 * ldc + L).add(c41).intoArray(c, co + 4 * ldc + L);
            FloatVector.fromArray(S, c, co + 5 * ldc).add(c50).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(S, c, co + 5 * ldc + L).add(c51).intoArray(c, co + 5 * ldc + L);
        }
    }
}
