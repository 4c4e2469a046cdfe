package dev.jrnn.backend.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * Matrix products with transpose flags, into a given output: {@code c = op(a) op(b)} or
 * {@code c += op(a) op(b)}. With the Vector API kernels ({@link Simd}) products past
 * {@link #vector} run on their packed kernels, split over the cores ({@link Parallel}) by columns
 * when C is wide, else by rows, with a transposed B copied once to [K, N]; otherwise products of at
 * least {@link EjmlSettings#concurrentWork()} multiply-adds run on EJML's concurrent kernels and
 * smaller ones on the single-threaded ones.
 */
final class Gemm {
    /** Fewest columns of C for the vector kernels. */
    static final int VECTOR_COLUMNS = 16;
    /** Fewest multiply-adds for the vector kernels. */
    static final long VECTOR_WORK = 4096;

    private final VectorOps ops;
    private final Parallel parallel;
    private final long concurrentWork;

    /** Products on {@code ops} (null: EJML's kernels), split by {@code parallel}. */
    Gemm(VectorOps ops, Parallel parallel, long concurrentWork) {
        this.ops = ops;
        this.parallel = parallel;
        this.concurrentWork = concurrentWork;
    }

    /** The Vector API kernels, or null where EJML's run. */
    VectorOps ops() {
        return ops;
    }

    /**
     * Whether a product runs on the Vector API kernels: they are loaded, C has at least
     * {@value #VECTOR_COLUMNS} columns (narrower ones would waste most of the register tile) and
     * M*N*K is at least {@value #VECTOR_WORK}.
     */
    boolean vector(long m, long n, long k) {
        return ops != null && n >= VECTOR_COLUMNS && m * n * k >= VECTOR_WORK;
    }

    /**
     * Rows at whose multiples a product may be cut into blocks that each compute their elements as the
     * whole product does (FLOAT32 when {@code single}; {@link VectorOps#blockRows}); 1 on EJML's kernels.
     */
    int blockRows(boolean single) {
        return ops == null ? 1 : ops.blockRows(single);
    }

    /** The splitter of products and recurrences over the cores. */
    Parallel parallel() {
        return parallel;
    }

    boolean concurrent(long m, long n, long k) {
        return m * n * k >= concurrentWork && Runtime.getRuntime().availableProcessors() > 1;
    }

    /** {@code c = op(a) op(b)} (or {@code c += op(a) op(b)} when {@code add}); c is [M, N]. */
    void mult(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, DMatrixRMaj c, boolean add) {
        int k = ta ? a.numRows : a.numCols;
        if (k == 0 || c.numRows == 0 || c.numCols == 0) {
            if (!add) {
                c.zero();
            }
            return;
        }
        if (vector(c.numRows, c.numCols, k)) {
            double[] bs = tb ? CommonOps_DDRM.transpose(b, null).data : b.data;
            int m = c.numRows;
            int n = c.numCols;
            splitVector(m, n, k, false, true,
                    (r0, r1, c0, c1) -> ops.gemm(a.data, ta, bs, c.data, m, n, k, r0, r1, c0, c1, add));
            return;
        }
        boolean mt = concurrent(c.numRows, c.numCols, k);
        if (add) {
            if (ta && tb) {
                if (mt) CommonOps_MT_DDRM.multAddTransAB(a, b, c); else CommonOps_DDRM.multAddTransAB(a, b, c);
            } else if (ta) {
                if (mt) CommonOps_MT_DDRM.multAddTransA(a, b, c); else CommonOps_DDRM.multAddTransA(a, b, c);
            } else if (tb) {
                if (mt) CommonOps_MT_DDRM.multAddTransB(a, b, c); else CommonOps_DDRM.multAddTransB(a, b, c);
            } else {
                if (mt) CommonOps_MT_DDRM.multAdd(a, b, c); else CommonOps_DDRM.multAdd(a, b, c);
            }
        } else if (ta && tb) {
            if (mt) CommonOps_MT_DDRM.multTransAB(a, b, c); else CommonOps_DDRM.multTransAB(a, b, c);
        } else if (ta) {
            if (mt) CommonOps_MT_DDRM.multTransA(a, b, c); else CommonOps_DDRM.multTransA(a, b, c);
        } else if (tb) {
            if (mt) CommonOps_MT_DDRM.multTransB(a, b, c); else CommonOps_DDRM.multTransB(a, b, c);
        } else {
            if (mt) CommonOps_MT_DDRM.mult(a, b, c); else CommonOps_DDRM.mult(a, b, c);
        }
    }

    /** {@code c = op(a) op(b)} (or {@code c += op(a) op(b)} when {@code add}); c is [M, N]. */
    void mult(FMatrixRMaj a, boolean ta, FMatrixRMaj b, boolean tb, FMatrixRMaj c, boolean add) {
        int k = ta ? a.numRows : a.numCols;
        if (k == 0 || c.numRows == 0 || c.numCols == 0) {
            if (!add) {
                c.zero();
            }
            return;
        }
        if (vector(c.numRows, c.numCols, k)) {
            float[] bs = tb ? CommonOps_FDRM.transpose(b, null).data : b.data;
            int m = c.numRows;
            int n = c.numCols;
            splitVector(m, n, k, true, true,
                    (r0, r1, c0, c1) -> ops.gemm(a.data, ta, bs, c.data, m, n, k, r0, r1, c0, c1, add));
            return;
        }
        boolean mt = concurrent(c.numRows, c.numCols, k);
        if (add) {
            if (ta && tb) {
                if (mt) CommonOps_MT_FDRM.multAddTransAB(a, b, c); else CommonOps_FDRM.multAddTransAB(a, b, c);
            } else if (ta) {
                if (mt) CommonOps_MT_FDRM.multAddTransA(a, b, c); else CommonOps_FDRM.multAddTransA(a, b, c);
            } else if (tb) {
                if (mt) CommonOps_MT_FDRM.multAddTransB(a, b, c); else CommonOps_FDRM.multAddTransB(a, b, c);
            } else {
                if (mt) CommonOps_MT_FDRM.multAdd(a, b, c); else CommonOps_FDRM.multAdd(a, b, c);
            }
        } else if (ta && tb) {
            if (mt) CommonOps_MT_FDRM.multTransAB(a, b, c); else CommonOps_FDRM.multTransAB(a, b, c);
        } else if (ta) {
            if (mt) CommonOps_MT_FDRM.multTransA(a, b, c); else CommonOps_FDRM.multTransA(a, b, c);
        } else if (tb) {
            if (mt) CommonOps_MT_FDRM.multTransB(a, b, c); else CommonOps_FDRM.multTransB(a, b, c);
        } else {
            if (mt) CommonOps_MT_FDRM.mult(a, b, c); else CommonOps_FDRM.mult(a, b, c);
        }
    }

    /**
     * {@code c = a b} (or {@code c += a b} when {@code add}) against a packed B: on the vector kernels
     * without packing B again, else as {@link #mult(FMatrixRMaj, boolean, FMatrixRMaj, boolean, FMatrixRMaj, boolean)}.
     */
    void mult(FMatrixRMaj a, PackedWeight b, FMatrixRMaj c, boolean add) {
        int k = a.numCols;
        int m = c.numRows;
        int n = c.numCols;
        if (b.panels() == null || !vector(m, n, k)) {
            mult(a, false, (FMatrixRMaj) b.matrix(), false, c, add);
            return;
        }
        float[] panels = b.panels();
        splitVector(m, n, k, true, false,
                (r0, r1, c0, c1) -> ops.gemmPacked(a.data, panels, c.data, m, n, k, r0, r1, c0, c1, add));
    }

    /** One rectangle [r0, r1) x [c0, c1) of C computed by the vector kernel. */
    private interface Block {
        void run(int r0, int r1, int c0, int c1);
    }

    /**
     * Runs the vector kernel over C [M, N], split over the cores by columns when C is wide, else by
     * rows. Where each part packs B for itself ({@code packsB}), a split by columns packs all of A in
     * every part and one by rows all of B, so C is split by columns only when A [M, K] is the smaller
     * (M < N). Every element is computed alike however C is cut.
     */
    private void splitVector(int m, int n, int k, boolean f32, boolean packsB, Block block) {
        long work = (long) m * n * k;
        if (Parallel.byColumns(n, ops.columnTile(f32)) && (!packsB || m < n)) {
            parallel.split(n, ops.columnTile(f32), work, (from, to) -> block.run(0, m, from, to));
        } else {
            parallel.split(m, ops.rowTile(f32), work, (from, to) -> block.run(from, to, 0, n));
        }
    }
}
