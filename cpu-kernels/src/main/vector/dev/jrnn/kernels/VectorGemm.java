package dev.jrnn.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked FLOAT32 GEMM on the Vector API: {@code C[m, n] (+)= op(A) B[k, n]}, all
 * row-major ({@code ld} = row length), blocked as in GotoBLAS. Per block of {@link #KC} columns of
 * op(A), A is packed per block of {@link #MC} rows into strips of {@link #MR} interleaved rows
 * ({@code ap[strip * kc + p * MR + r] = A[i + r, p]}) and B, per block of {@link #NC} columns used by
 * all of them, into panels of {@link #NR} columns, each one contiguous run ({@code bp[p * NR + j] =
 * B[p, jr + j]}), so the micro-kernel reads both in order and a panel's rows do not alias each other
 * in the L1 cache (B's rows lie a whole row of B apart).
 * Where C is narrow (a few panels of B, as an input gradient by few inputs) an untransposed A is
 * read where it lies instead, its MR rows {@code lda} apart ({@link #directColumns}): packed, it
 * would be used by too few panels to pay for the copy.
 * The micro-kernel keeps an {@code MR x NR} tile of C in registers and per step p does
 * {@code c[r] += A[i + r, p] B[p, j .. j + NR)} with fused multiply-adds: two vectors wide, 8 rows
 * with 512-bit vectors (16 accumulators of 32 registers; batches are mostly multiples of 8), else 6
 * rows (12 accumulators fit AVX2's 16 registers). An 8 x 3-vector tile ran faster alone but its 24
 * accumulators took C2 past its inlining budget, and the vector ops left out ran boxed. Edge tiles
 * (A and B zero-padded) that store run into a scratch tile that is then copied; those that add start
 * from C as full tiles do ({@link #edgeAdd}), so every element is the same chain of fused
 * multiply-adds whatever tile, row block or K block holds it. A single row
 * (batch 1) has its own kernel, {@link VectorRowProduct} (shared with the ND4J backend), called from a
 * small entry point: inlined into the driver, such a kernel had run with its vectors boxed.
 * The EJML backend's FLOAT32 products run on it, and both CPU backends' sequence inference
 * ({@link LstmSequenceInference}) through {@link VectorRowProduct#block}.
 */
public final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Whether the 8-row tile is used: 512-bit vectors, whose ISA has 32 registers. */
    private static final boolean WIDE = L >= 16;
    /** Rows of the register tile. */
    public static final int MR = WIDE ? 8 : 6;
    /** Columns of the register tile: two vectors, the panel width of {@link VectorRowProduct}'s shared layout. */
    public static final int NR = VectorRowProduct.NR;
    /**
     * Default depth of a K block ({@code kc}, the columns of A and rows of B per pass): 512 with
     * 512-bit vectors, whose CPUs have 1 MB or more of L2 for B's block; 256 with 256-bit ones. Every
     * tile loads and stores its part of C once per K block, and with a [m, k] C larger than L2 that
     * traffic is what a deeper block saves.
     */
    static final int KC = WIDE ? 512 : 256;
    /** The deepest K block a caller may ask for ({@link #depth}). */
    static final int MAX_KC = 2048;
    private static final int MC = 96;
    /** Columns of B packed at a time: a kc x NC block stays in L2 for every row block of A. */
    private static final int NC = 16 * NR;
    /**
     * Whether a transposed A's strip rows are copied a vector at a time ({@link #pack}): when a vector
     * holds a strip's MR values and its extra lanes fit in the next slot of MR.
     */
    private static final boolean COPY_STRIP_ROWS = L >= MR && L <= 2 * MR;
    /**
     * Default widest C (columns of one call) whose A is read where it lies rather than packed, with
     * 512-bit vectors (none with 256-bit ones, which have no such kernel): A's strip is then used by
     * only a few panels of B, and packing it cost about as much as the products (a [6400, 1024] by
     * [1024, 64] product ran at half the tile's rate packed). From about 2048 columns packing won.
     */
    static final int DIRECT_COLUMNS = WIDE ? 8 * NR : 0;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

    private VectorGemm() {
    }

    /**
     * {@code C[m0 .. m1, n0 .. n1) (+)= op(A)[m0 .. m1, :] B[:, n0 .. n1)}; op(A) is {@code A} [m, k] or,
     * when {@code ta}, the transpose of the stored [k, m]. The first K block stores (or adds, when
     * {@code add}).
     */
    public static void block(float[] a, boolean ta, int lda, float[] b, int ldb, float[] c, int ldc, int m0, int m1, int k,
                             int n0, int n1, boolean add) {
        block(a, ta, lda, b, ldb, c, ldc, m0, m1, k, n0, n1, add, 0, -1);
    }

    /**
     * {@link #block} in K blocks of depth {@code kc} ({@link #depth}) and with A read in place up to
     * {@code direct} columns of C ({@link #directColumns}).
     */
    public static void block(float[] a, boolean ta, int lda, float[] b, int ldb, float[] c, int ldc, int m0, int m1, int k,
                      int n0, int n1, boolean add, int kc, int direct) {
        drive(a, ta, lda, b, ldb, null, c, ldc, m0, m1, k, n0, n1, add, kc, direct);
    }

    /**
     * The widest C whose A is read in place for a requested {@code direct}: the default
     * {@link #DIRECT_COLUMNS} when negative, else {@code direct} (0: always packed); always 0 without
     * 512-bit vectors.
     */
    public static int directColumns(int direct) {
        return !WIDE ? 0 : direct < 0 ? DIRECT_COLUMNS : direct;
    }

    /**
     * The K block depth for a requested {@code kc}: the default {@link #KC} when it is not positive,
     * else {@code kc} rounded down to a multiple of 16 within [16, {@link #MAX_KC}].
     */
    public static int depth(int kc) {
        return kc <= 0 ? KC : Math.max(16, Math.min(MAX_KC, kc) / 16 * 16);
    }

    /**
     * B [k, n] (row length {@code ldb}) packed whole for {@link #blockPacked}: panel {@code j} (columns
     * {@code j NR ..}) at {@code j k NR}, its row p at {@code + p NR}, the last panel zero-padded. A
     * weight used by every step of a sequence is packed once instead of at every product.
     */
    public static float[] pack(float[] b, int ldb, int k, int n) {
        return VectorRowProduct.packed(b, ldb, k, n);
    }

    /**
     * {@link #block} (with A not transposed) against B as {@link #pack} left it; {@code n0} is a multiple
     * of {@link #NR}.
     */
    public static void blockPacked(float[] a, int lda, float[] panels, float[] c, int ldc, int m0, int m1, int k, int n0,
                                   int n1, boolean add) {
        blockPacked(a, lda, panels, c, ldc, m0, m1, k, n0, n1, add, 0, -1);
    }

    /** {@link #blockPacked} in K blocks of depth {@code kc} and with A read in place up to {@code direct} columns of C. */
    public static void blockPacked(float[] a, int lda, float[] panels, float[] c, int ldc, int m0, int m1, int k, int n0,
                            int n1, boolean add, int kc, int direct) {
        if (m1 - m0 == 1) {
            // one row (batch 1): an MR-row tile would compute MR - 1 rows of zeros
            VectorRowProduct.product(a, m0 * lda, panels, k, c, m0 * ldc, n0, n1, add);
            return;
        }
        drive(a, false, lda, null, 0, panels, c, ldc, m0, m1, k, n0, n1, add, kc, direct);
    }

    /**
     * {@code c[co + j - n0] += sum_p a[ao + p] B[p, j]} for j in [n0, n1), B as {@link #pack} left it;
     * {@code n0} is a multiple of {@link #NR}. A small entry point, as {@link #blockPacked}.
     */
    public static void rowPacked(float[] a, int ao, float[] panels, int k, float[] c, int co, int n0, int n1) {
        VectorRowProduct.product(a, ao, panels, k, c, co - n0, n0, n1, true);
    }

    /**
     * The blocked loops, K in blocks of {@link #depth}({@code depth}); B's panels come from
     * {@code panels} when given, else are packed from {@code b}. B's block holds {@code depth x NC}
     * elements: with fewer than {@code depth} rows (a small K, as in an input projection or a recurrent
     * step) it takes more columns, so that A, packed once per block, is packed fewer times. An
     * untransposed A of whole strips is read in place where C has at most
     * {@link #directColumns}({@code direct}) columns.
     */
    private static void drive(float[] a, boolean ta, int lda, float[] b, int ldb, float[] panels, float[] c, int ldc,
                              int m0, int m1, int k, int n0, int n1, boolean add, int depth, int direct) {
        int kcMax = depth(depth);
        boolean narrow = !ta && n1 - n0 <= directColumns(direct);
        int bBlock = kcMax * NC;
        float[][] buf = buffers(kcMax, bBlock);
        float[] ap = buf[0];
        float[] tile = buf[2];
        int columns = Math.max(NC, bBlock / Math.max(1, Math.min(kcMax, k)) / NR * NR);
        for (int jc = n0; jc < n1; jc += columns) {
            int nc = Math.min(columns, n1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0 && !add;
                if (panels == null) {
                    // B's block packed once, then used by every row block of A
                    for (int jr = jc; jr < jc + nc; jr += NR) {
                        packPanel(b, ldb, pc, kc, jr, Math.min(NR, jc + nc - jr), buf[1], (jr - jc) / NR * kc * NR);
                    }
                }
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    if (narrow && mc % MR == 0 && nc % NR == 0) {
                        directBlock(a, lda, ic, mc, pc, kc, panels == null ? buf[1] : panels, panels == null, jc, nc, k,
                                c, ldc, first);
                        continue;
                    }
                    pack(a, ta, lda, ic, mc, pc, kc, ap);
                    for (int jr = jc; jr < jc + nc; jr += NR) {
                        int nr = Math.min(NR, jc + nc - jr);
                        float[] bp = panels == null ? buf[1] : panels;
                        int bo = panels == null ? (jr - jc) / NR * kc * NR : (jr / NR * k + pc) * NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int co = (ic + ir) * ldc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, ap, ir * kc, bp, bo, c, co, ldc, first, tile);
                            } else if (first && nr == NR && (mr == 4 || mr == 2)) {
                                // a short strip stored: its rows zeroed and added on their own kernel, the
                                // same sums as a full tile's, without the padding rows a full tile computes
                                for (int r = 0; r < mr; r++) {
                                    Arrays.fill(c, co + r * ldc, co + r * ldc + NR, 0f);
                                }
                                edgeAdd(kc, ap, ir * kc, bp, bo, mr, nr, c, co, ldc, tile);
                            } else if (first) {
                                product(kc, ap, ir * kc, bp, bo, tile, 0, NR);
                                store(tile, mr, nr, c, co, ldc);
                            } else {
                                edgeAdd(kc, ap, ir * kc, bp, bo, mr, nr, c, co, ldc, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** This thread's scratch: packed A for {@code kc} columns, B's block of {@code bBlock} elements, a tile. */
    private static float[][] buffers(int kc, int bBlock) {
        float[][] buf = BUFFERS.get();
        if (buf[0].length < MC * kc) {
            buf[0] = new float[MC * kc];
        }
        if (buf[1].length < bBlock) {
            buf[1] = new float[bBlock];
        }
        return buf;
    }

    /**
     * A block of whole strips and whole panels with A read where it lies ({@code A[i + r, p]} at
     * {@code a[(i + r) lda + p]}): the same fused multiply-adds in the same order as on packed A.
     */
    private static void directBlock(float[] a, int lda, int ic, int mc, int pc, int kc, float[] bp, boolean blockB,
                                    int jc, int nc, int k, float[] c, int ldc, boolean first) {
        for (int jr = jc; jr < jc + nc; jr += NR) {
            int bo = blockB ? (jr - jc) / NR * kc * NR : (jr / NR * k + pc) * NR;
            for (int ir = 0; ir < mc; ir += MR) {
                int ao = (ic + ir) * lda + pc;
                int co = (ic + ir) * ldc + jr;
                if (first) {
                    kernel8x2Rows(kc, a, ao, lda, bp, bo, c, co, ldc);
                } else {
                    kernel8x2RowsAdd(kc, a, ao, lda, bp, bo, c, co, ldc);
                }
            }
        }
    }

    /** B's block in the shared panel layout ({@link VectorRowProduct#packPanel}). */
    private static void packPanel(float[] b, int ldb, int p0, int kc, int j0, int nr, float[] bp, int bo) {
        VectorRowProduct.packPanel(b, ldb, p0, kc, j0, nr, bp, bo);
    }

    /** Copies the first {@code rows} x {@code nr} of the scratch tile into C. */
    private static void store(float[] tile, int rows, int nr, float[] c, int co, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
        }
    }

    /**
     * An edge tile ({@code mr < MR} rows or {@code nr < NR} columns) added to C. Like a full tile it
     * starts from C and adds the products in order of p, so every element of C is the same chain of
     * fused multiply-adds whichever tile holds it: a product cut into blocks of rows anywhere computes
     * what the whole does. Four or two rows run on their own kernels (a block of 16 rows is 6 + 6 + 4),
     * others through the scratch tile.
     */
    private static void edgeAdd(int kc, float[] ap, int ao, float[] bp, int bo, int mr, int nr, float[] c, int co,
                                int ldc, float[] tile) {
        if (nr == NR && mr == 4) {
            kernel4x2Add(kc, ap, ao, bp, bo, c, co, ldc);
        } else if (nr == NR && mr == 2) {
            kernel2x2Add(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            Arrays.fill(tile, 0f);
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * NR, nr);
            }
            if (WIDE) {
                kernel8x2Add(kc, ap, ao, bp, bo, tile, 0, NR);
            } else {
                kernel6x2Add(kc, ap, ao, bp, bo, tile, 0, NR);
            }
            store(tile, mr, nr, c, co, ldc);
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
            int whole = mc / MR * MR;
            for (int p = 0; p < kc; p++) {
                int ao = (p0 + p) * lda + i0;
                int ir = 0;
                if (COPY_STRIP_ROWS && p < kc - 1) {
                    // a whole strip's MR values are contiguous in both: one vector copy, whose L - MR extra
                    // lanes land in the slot of p + 1, written next (hence not at the strip's last p)
                    for (; ir < whole && ao + ir + L <= a.length; ir += MR) {
                        FloatVector.fromArray(S, a, ao + ir).intoArray(ap, ir * kc + p * MR);
                    }
                }
                for (; ir < mc; ir += MR) {
                    int rows = Math.min(MR, mc - ir);
                    int o = ir * kc + p * MR;
                    if (rows == MR) {
                        // a constant trip count, which C2 unrolls (an arraycopy of 8 floats cost more)
                        for (int r = 0; r < MR; r++) {
                            ap[o + r] = a[ao + ir + r];
                        }
                    } else {
                        for (int r = 0; r < MR; r++) {
                            ap[o + r] = r < rows ? a[ao + ir + r] : 0f;
                        }
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

    /**
     * The MR x NR tile: {@code C[r, j] = (first ? 0 : C[r, j]) + sum_p ap[p, r] bp[bo + p NR + j]}. A
     * tile added to C runs on a kernel of its own that starts from C: one kernel with both endings, or
     * a vector loop for the sum, outgrew C2's inlining budget (see above).
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
                               boolean first, float[] tile) {
        if (first) {
            product(kc, ap, ao, bp, bo, c, co, ldc);
        } else if (WIDE) {
            kernel8x2Add(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            kernel6x2Add(kc, ap, ao, bp, bo, c, co, ldc);
        }
    }

    private static void product(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        if (WIDE) {
            kernel8x2(kc, ap, ao, bp, bo, c, co, ldc);
        } else {
            kernel6x2(kc, ap, ao, bp, bo, c, co, ldc);
        }
    }

    // the tiles are written out: helpers taking vectors would box them whenever C2 did not inline them

    private static void kernel8x2(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
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
            a = FloatVector.broadcast(S, ap[q + 6]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, ap[q + 7]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /** {@link #kernel8x2} that starts from the tile of C, so adds to it (its own method: see {@link #kernel}). */
    private static void kernel8x2Add(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc);
        FloatVector c61 = FloatVector.fromArray(S, c, co + 6 * ldc + L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc);
        FloatVector c71 = FloatVector.fromArray(S, c, co + 7 * ldc + L);
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
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
            a = FloatVector.broadcast(S, ap[q + 6]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, ap[q + 7]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /** {@link #kernel8x2} with A's eight rows read where they lie, {@code lda} apart. */
    private static void kernel8x2Rows(int kc, float[] a0, int ao, int lda, float[] bp, int bo, float[] c, int co,
                                      int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int r0 = ao;
        int r1 = ao + lda;
        int r2 = ao + 2 * lda;
        int r3 = ao + 3 * lda;
        int r4 = ao + 4 * lda;
        int r5 = ao + 5 * lda;
        int r6 = ao + 6 * lda;
        int r7 = ao + 7 * lda;
        for (int p = 0, o = bo; p < kc; p++, o += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
            FloatVector a = FloatVector.broadcast(S, a0[r0 + p]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, a0[r1 + p]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, a0[r2 + p]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, a0[r3 + p]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, a0[r4 + p]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, a0[r5 + p]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
            a = FloatVector.broadcast(S, a0[r6 + p]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, a0[r7 + p]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    /** {@link #kernel8x2Rows} that starts from the tile of C, so adds to it. */
    private static void kernel8x2RowsAdd(int kc, float[] a0, int ao, int lda, float[] bp, int bo, float[] c, int co,
                                         int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc);
        FloatVector c61 = FloatVector.fromArray(S, c, co + 6 * ldc + L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc);
        FloatVector c71 = FloatVector.fromArray(S, c, co + 7 * ldc + L);
        int r0 = ao;
        int r1 = ao + lda;
        int r2 = ao + 2 * lda;
        int r3 = ao + 3 * lda;
        int r4 = ao + 4 * lda;
        int r5 = ao + 5 * lda;
        int r6 = ao + 6 * lda;
        int r7 = ao + 7 * lda;
        for (int p = 0, o = bo; p < kc; p++, o += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
            FloatVector a = FloatVector.broadcast(S, a0[r0 + p]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, a0[r1 + p]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, a0[r2 + p]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, a0[r3 + p]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, a0[r4 + p]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, a0[r5 + p]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
            a = FloatVector.broadcast(S, a0[r6 + p]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, a0[r7 + p]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + L);
    }

    private static void kernel6x2(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
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
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
    }

    /** {@link #kernel6x2} that starts from the tile of C, so adds to it (its own method: see {@link #kernel}). */
    private static void kernel6x2Add(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
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
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
    }

    /** The first four rows of an {@code MR}-row strip added to C, as {@link #kernel6x2Add} adds six. */
    private static void kernel4x2Add(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
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
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
    }

    /** The first two rows of an {@code MR}-row strip added to C, as {@link #kernel6x2Add} adds six. */
    private static void kernel2x2Add(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, co + ldc + L);
        for (int p = 0, o = bo, q = ao; p < kc; p++, o += NR, q += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
            FloatVector a = FloatVector.broadcast(S, ap[q]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[q + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
    }
}
