package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.kernels.RowProduct;

/**
 * The GEMM kernels that run on the Vector API ({@code jdk.incubator.vector}) when that module is in
 * the boot layer, loaded by {@link Simd}; a backend's {@link Gemm#ops()} holds them, or null on the
 * scalar path. Matrices are row-major arrays with leading dimension = row length:
 * {@code C[m, n] (+)= op(A)[m, k] B[k, n]},
 * {@code op(A)} being A [m, k] or, when {@code ta}, the transpose of the stored [k, m].
 */
interface VectorOps {
    /** FLOAT32 product of the block {@code [m0, m1) x [n0, n1)} of C; stores, or adds when {@code add}. */
    void gemm(float[] a, boolean ta, float[] b, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
              boolean add);

    /**
     * B [k, n] packed for {@link #gemmPacked}: a weight multiplied at every step of a sequence is
     * packed once rather than at every product.
     */
    float[] pack(float[] b, int k, int n);

    /**
     * {@link #gemm} with A not transposed and B as {@link #pack} left it; {@code n0} is a multiple of
     * {@link #columnTile}.
     */
    void gemmPacked(float[] a, float[] packedB, float[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
                    boolean add);

    /**
     * One row against B as {@link #pack} left it, added to C: {@code c[co + j - n0] += sum_p a[ao + p] B[p, j]}
     * for j in {@code [n0, n1)}, each column summed over p in order as {@link #gemmPacked} sums a single
     * row; {@code n0} is a multiple of {@link #columnTile}. The product of one batch row by a recurrent
     * weight, written where the caller wants its columns.
     */
    void rowPacked(float[] a, int ao, float[] packedB, int k, float[] c, int co, int n0, int n1);

    /**
     * These kernels with the FLOAT32 GEMM's K blocks {@code kc} deep (columns of A and rows of B per
     * pass, rounded down to a multiple of 16; 0 or less: the kernels' default for the vector width),
     * and an untransposed A read in place, unpacked, in products whose C has at most
     * {@code directColumns} columns (negative: the default; 0: always packed). Neither changes a
     * result: every element of C is the same chain of fused multiply-adds.
     */
    VectorOps tuned(int kc, int directColumns);

    /** {@link #rowPacked} as the shared kernels' {@link RowProduct}: it reads what {@link #pack} writes. */
    RowProduct rows();

    /**
     * {@code out[oo + i] = a[ao + i] + b[bo + i]} for i in {@code [0, n)}: each element the one float
     * addition a scalar loop makes, a vector of them at a time (C2 leaves a loop that loads from one
     * array and stores to another unvectorised, as they may alias). {@code out} may be {@code a} or
     * {@code b} at the same offset.
     */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /**
     * {@code out[oo + i] = a[ao + i] op b[bo + i]} for i in {@code [0, n)}, op one of + - * /, a vector at
     * a time; each element the one float operation a scalar loop makes (see {@link #add}).
     */
    void arithmetic(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /**
     * {@code out[oo + i] = a[ao + i] op s} (or {@code s op a[ao + i]} when {@code scalarFirst}) for i in
     * {@code [0, n)}, op one of + - * /: an operand of one element broadcast, as {@link #arithmetic}.
     */
    void arithmetic(BinaryOp op, float[] a, int ao, float s, boolean scalarFirst, float[] out, int oo, int n);

    /**
     * Adam's FLOAT32 update of the first elements of {@code [0, n)} as {@link FusedAdam#floats} computes
     * it, a vector of elements at a time, each the same float operations in the same order; returns the
     * first element it left to the caller's scalar loop (a tail shorter than a vector).
     */
    int adam(float[] p, float[] g, float[] m, float[] v, float b1, float c1, float b2, float c2, float eps,
             float step, float ds, float[] np, float[] nm, float[] nv, int n);

    /** FLOAT64 product of the block {@code [m0, m1) x [n0, n1)} of C; stores, or adds when {@code add}. */
    void gemm(double[] a, boolean ta, double[] b, double[] c, int m, int n, int k, int m0, int m1, int n0, int n1,
              boolean add);

    /** Columns of the GEMM's register tile (FLOAT32 when {@code single}): column blocks should be multiples. */
    int columnTile(boolean single);

    /** Rows of the GEMM's register tile (FLOAT32 when {@code single}): row blocks should be multiples. */
    int rowTile(boolean single);

    /**
     * Rows at whose multiples a product may be cut into blocks that compute every element as the whole
     * product does (FLOAT32 when {@code single}): 2 for FLOAT32, whose edge tiles compute each element
     * as full tiles do (even, so that edges run on the 2- and 4-row kernels), the register tile's
     * rows for FLOAT64.
     */
    int blockRows(boolean single);

}
