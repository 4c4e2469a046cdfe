package dev.jrnn.kernels;

/**
 * The FLOAT32 product of one row, or a block of rows, by a matrix packed once beforehand: the step
 * product of a recurrence, {@code c += h W^T}, whose weight is the same at every step and every call
 * ({@link #row} at batch 1, {@link #block} for a block of batch rows). Each
 * implementation reads only the layout its own {@link #pack} writes: {@link CpuKernels#rows()}
 * gives the Vector API one (panels of two vectors' width, {@code VectorRowProduct}) where the JVM
 * has the module, else {@link ScalarRowProduct}.
 */
public interface RowProduct {
    /**
     * B [k, n] (row-major, row length {@code ldb}) in the layout {@link #row} reads; a weight
     * multiplied at every step is packed once rather than at every product.
     */
    float[] pack(float[] b, int ldb, int k, int n);

    /**
     * {@code c[co + j - n0] (+)= sum_p a[ao + p] B[p, j]} for j in {@code [n0, n1)}, B as {@link #pack}
     * left it with {@code k} rows, each column summed over p in order; adds to C when {@code add},
     * else stores. {@code n0} is a multiple of {@link #columnTile()}.
     */
    void row(float[] a, int ao, float[] packed, int k, float[] c, int co, int n0, int n1, boolean add);

    /**
     * {@link #row} for each of {@code m} rows of A (row r at {@code ao + r lda}) into the rows of C
     * (row r at {@code co + r ldc}), stored: C = A B over columns {@code [0, n)}, as an input projection
     * of all steps by a packed input weight. Each element is summed over p in order, as {@link #row}
     * sums it.
     */
    void rows(float[] a, int ao, int lda, int m, float[] packed, int k, float[] c, int co, int ldc, int n);

    /**
     * {@code C[r, j] (+)= sum_p A[r, p] B[p, j]} for the rows r in {@code [m0, m1)} (row r of A at
     * {@code r lda}, of C at {@code r ldc}) and the columns j in {@code [0, n)}, B as {@link #pack} left it
     * with {@code k} rows; adds to C when {@code add}, else stores. Each element is one chain of
     * multiply-adds in order of p, whichever rows are asked for, so a block of rows computes what the
     * whole product does. This default runs {@link #row} on each row; the Vector API implementation
     * keeps a tile of several rows in registers, each panel row loaded serving all of them.
     */
    default void block(float[] a, int lda, int m0, int m1, float[] packed, int k, float[] c, int ldc, int n,
                       boolean add) {
        for (int r = m0; r < m1; r++) {
            row(a, r * lda, packed, k, c, r * ldc, 0, n, add);
        }
    }

    /** Columns of one panel of the packed layout: a block of columns should start at a multiple. */
    int columnTile();
}
