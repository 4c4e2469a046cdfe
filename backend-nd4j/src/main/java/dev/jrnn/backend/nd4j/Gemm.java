package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.Workers;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major GEMM into a region of a preallocated array, addressed by element offsets:
 * {@code C[m, n] = alpha op(A) op(B) + beta C}. One instance per op call holds a pointer per
 * operand and moves it per call, so a time loop calls BLAS without allocating. Float32 products
 * of at least {@value #ONEDNN_MIN_MACS} multiply-adds run on oneDNN's sgemm where it loads
 * ({@link OneDnnSgemm}), except those with a transposed right operand and fewer than
 * {@value #ONEDNN_MIN_ROWS_TRANSPOSED_B} rows; OpenBLAS measured faster on both kinds (on the
 * small ones oneDNN's OpenMP start-up per call dominates).
 * Large products of the weight-gradient form {@code A^T B} run on oneDNN's matmul primitive
 * ({@link OneDnnMatmul}); mid-sized ones, which OpenBLAS would split over threads it must wake,
 * on oneDNN's sgemm on the calling thread alone ({@link #aloneOnOneDnn}).
 * Float64 products and the column sums run on OpenBLAS.
 */
final class Gemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    /** Fewest rows for which a product with a transposed right operand goes to oneDNN. */
    static final int ONEDNN_MIN_ROWS_TRANSPOSED_B = 512;
    /** Fewest multiply-adds {@code m n k} for which a float32 product goes to oneDNN. */
    static final long ONEDNN_MIN_MACS = 1L << 22;
    /**
     * Fewest multiply-adds from which OpenBLAS 0.3.19 splits a product over its threads, which sleep
     * between calls (see the backend's thread timeout) and are woken for each one. Float32 products
     * from here up to {@link #ONEDNN_MIN_MACS} run single-threaded on oneDNN instead, where waking
     * those threads cost more than they gave (a batch-1 pass's input projection).
     */
    static final long OPENBLAS_THREADED_MACS = 1L << 18;

    private final boolean doubles;
    private final boolean oneDnn;
    private final boolean matmul;
    private final boolean rows;
    private final Workers workers;
    private final boolean stepMatmul;

    private Gemm(boolean doubles, boolean oneDnn, boolean matmul, boolean rows, Workers workers, boolean stepMatmul) {
        this.doubles = doubles;
        this.oneDnn = oneDnn;
        this.matmul = matmul;
        this.rows = rows;
        this.workers = workers;
        this.stepMatmul = stepMatmul;
    }

    /**
     * A GEMM for arrays of {@code type} (FLOAT or DOUBLE): float32 products on oneDNN where
     * {@code oneDnn} (its natives loaded and the settings want it), weight gradients on its matmul
     * where also {@code matmul}, single-row products on its sgemm alone where also {@code rows}
     * ({@link #aloneOnOneDnn}); split products ({@link StepGemm}, {@link BatchSlices}) run on
     * {@code workers}. {@link Nd4jBackend#gemm} makes them from its settings.
     */
    static Gemm of(DataType type, boolean oneDnn, boolean matmul, boolean rows, Workers workers) {
        return of(type, oneDnn, matmul, rows, workers, false);
    }

    /**
     * {@link #of(DataType, boolean, boolean, boolean, Workers)}, and where {@code stepMatmul} the
     * forward loops' batch slices multiply by a weight reordered once for oneDNN's matmul
     * ({@link #packsStepWeights}).
     */
    static Gemm of(DataType type, boolean oneDnn, boolean matmul, boolean rows, Workers workers, boolean stepMatmul) {
        return new Gemm(type == DataType.DOUBLE, oneDnn, matmul, rows, workers, stepMatmul);
    }

    /**
     * Whether the forward loops' batch slices run their step products on oneDNN's matmul with the
     * recurrent weight reordered once per slice ({@link PackedStepMatmul}): float32 on oneDNN, where
     * the settings say so.
     */
    boolean packsStepWeights() {
        return stepMatmul && oneDnnFloats();
    }

    /** The workers that split products and time loops run on. */
    Workers workers() {
        return workers;
    }

    /**
     * Whether the product {@code [m, k] x [k, n]} is faster with its right operand untransposed, so
     * that a time loop that multiplies by the same weight at every step should transpose it once
     * beforehand: products on oneDNN's team, and single rows on oneDNN on the calling thread, whose
     * gemv kernel ran a 1x128 by 128x512 product in 0.62 of the time with the weight untransposed.
     */
    boolean prefersUntransposedRight(int m, int n, int k) {
        return onOneDnn(false, m, n, k) || m == 1 && aloneOnOneDnn(false, m, n, k);
    }

    /** Whether float32 products can run on oneDNN at all (this GEMM is float32 and oneDNN loaded). */
    boolean oneDnnFloats() {
        return !doubles && oneDnn;
    }

    boolean onOneDnn(boolean transB, int m, int n, int k) {
        return !doubles && (long) m * n * k >= ONEDNN_MIN_MACS && (!transB || m >= ONEDNN_MIN_ROWS_TRANSPOSED_B)
                && oneDnn;
    }

    /**
     * Whether a float32 product runs on oneDNN's sgemm on the calling thread alone: one that OpenBLAS
     * would split over its threads (from {@value #OPENBLAS_THREADED_MACS} multiply-adds) but too
     * small for oneDNN's team ({@link #onOneDnn}); and, where the settings say so, any product of a
     * single row (a batch-1 step), which oneDNN runs on its gemv kernels while OpenBLAS 0.3.19's
     * sgemm packs the whole right operand for that one row.
     */
    boolean aloneOnOneDnn(boolean transB, int m, int n, int k) {
        long macs = (long) m * n * k;
        return !doubles && (macs >= OPENBLAS_THREADED_MACS || rows && m == 1 && macs > 0) && !onOneDnn(transB, m, n, k)
                && oneDnn && OmpThreads.available();
    }

    /**
     * Whether a float32 product {@code A^T B} of this size is tried on oneDNN's matmul
     * ({@link OneDnnMatmul}) before sgemm.
     */
    boolean onMatmul(int m, int n, int k) {
        return !doubles && oneDnn && matmul && OneDnnMatmul.fits(m, n, k);
    }

    /** A movable pointer to the elements of the packed array {@code a}. */
    Pointer pointer(INDArray a) {
        Pointer base = a.data().addressPointer();
        return doubles ? new DoublePointer(base) : new FloatPointer(base);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} with op(A) [m, k], op(B) [k, n], C [m, n], all row-major
     * with leading dimensions {@code lda}, {@code ldb}, {@code ldc}; modifies C only.
     */
    void run(boolean transA, boolean transB, int m, int n, int k, double alpha,
             Pointer a, long aFrom, int lda, Pointer b, long bFrom, int ldb, double beta, Pointer c, long cFrom, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        a.position(aFrom);
        b.position(bFrom);
        c.position(cFrom);
        if (doubles) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, (DoublePointer) a, lda, (DoublePointer) b,
                    ldb, beta, (DoublePointer) c, ldc);
        } else if (transA && !transB && alpha == 1.0 && onMatmul(m, n, k)
                && OneDnnMatmul.transposedLeft(m, n, k, a, aFrom, lda, b, bFrom, ldb, (float) beta, c, cFrom, ldc)) {
            return;
        } else if (aloneOnOneDnn(transB, m, n, k)) {
            // the thread's OpenMP count is one while the sgemm runs, as before it where it already was
            int previous = OmpThreads.isSingle() ? 1 : OmpThreads.set(1);
            try {
                OneDnnSgemm.run(transA, transB, m, n, k, (float) alpha, (FloatPointer) a, lda, (FloatPointer) b, ldb,
                        (float) beta, (FloatPointer) c, ldc);
            } finally {
                if (previous != 1) {
                    OmpThreads.set(previous);
                }
            }
        } else if (onOneDnn(transB, m, n, k)) {
            OneDnnSgemm.run(transA, transB, m, n, k, (float) alpha, (FloatPointer) a, lda, (FloatPointer) b, ldb,
                    (float) beta, (FloatPointer) c, ldc);
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha, (FloatPointer) a, lda,
                    (FloatPointer) b, ldb, (float) beta, (FloatPointer) c, ldc);
        }
    }

    /**
     * Column sums {@code y[j] = sum_i A[i, j]} of the row-major [rows, cols] block of A at
     * {@code aFrom}, into y at {@code yFrom}, as a GEMV {@code A^T 1} against {@code ones} (at least
     * {@code rows} ones). OpenBLAS's GEMV streams A once, which a GEMM with one row does not.
     */
    void columnSums(int rows, int cols, Pointer a, long aFrom, Pointer ones, Pointer y, long yFrom) {
        if (cols == 0) {
            return;
        }
        a.position(aFrom);
        ones.position(0);
        y.position(yFrom);
        if (doubles) {
            openblas_nolapack.cblas_dgemv(ROW_MAJOR, TRANS, rows, cols, 1.0, (DoublePointer) a, cols, (DoublePointer) ones,
                    1, 0.0, (DoublePointer) y, 1);
        } else {
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, rows, cols, 1f, (FloatPointer) a, cols, (FloatPointer) ones, 1,
                    0f, (FloatPointer) y, 1);
        }
    }

    /** {@code C = op(A) op(B)} for whole packed rank-2 arrays; C must be [m, n]. */
    void matmul(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (transA ? a.size(0) : a.size(1));
        if (k == 0) {
            return;
        }
        run(transA, transB, m, n, k, 1.0, pointer(a), 0, (int) Math.max(1, a.size(1)), pointer(b), 0,
                (int) Math.max(1, b.size(1)), 0.0, pointer(c), 0, Math.max(1, n));
    }
}
