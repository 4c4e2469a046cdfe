package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.Workers;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The product a time loop repeats at every step, {@code C[m, n] = A[m, k] op(B) + beta C} with
 * {@code m} the batch: where it runs on oneDNN, split into column blocks over the caller and the
 * {@link Workers}, each block a oneDNN sgemm on one thread. oneDNN's own OpenMP team, under the
 * passive wait policy the backend sets, sleeps between calls and costs a wake-up and a join per
 * product, more than single-threaded column blocks on jrnn's spinning workers take. The
 * loop's thread runs its blocks with an OpenMP thread count of one from {@link #open} until
 * {@link #close}, which restores its count; so does a loop whose product runs on oneDNN on the
 * calling thread alone ({@link Gemm#aloneOnOneDnn}, the single row of batch-1 inference), so that
 * its steps do not set and restore the count around each product. Elsewhere (float64, OpenBLAS, one core, small products)
 * it is {@link Gemm#run}. {@link #alone} is the product of one {@link BatchSlices} slice: a single
 * oneDNN sgemm on the calling thread.
 *
 * <pre>{@code
 * try (StepGemm step = StepGemm.open(gemm, false, batch, width, hs)) {
 *     for (...) step.run(pH, hFrom, hs, pW, 0, width, 0.0, pZ, zFrom, width);
 * }
 * }</pre>
 */
final class StepGemm implements AutoCloseable, IntConsumer {
    /** Column blocks start at multiples of this (a 512-bit vector of floats). */
    static final int ALIGN = 16;
    /**
     * Fewest elements of B for which a slice's steps run on a weight reordered once
     * ({@link PackedStepMatmul}): W4's 512 x 2048 (4 MB, beyond L2) ran 0.93-0.98 of its time that
     * way; W2's 256 x 1024 (1 MB, the whole L2), forward and backward reordered, 0.965-0.99 with
     * 2.5% less CPU; W3's 256 x 768 forward 1.00-1.05, so smaller weights keep sgemm.
     */
    static final long PACKED_MIN_WEIGHT = 1L << 18;

    private final Gemm gemm;
    private final boolean transB;
    private final int m;
    private final int n;
    private final int k;
    private final int parts;
    private final boolean alone;
    private final boolean single;
    private final int previousThreads;
    /** Whether an alone product may run on a {@link PackedStepMatmul} (its weight reordered once). */
    private final boolean packWeight;
    private PackedStepMatmul packed;
    private boolean packedTried;
    private long packedWeight;
    private final Cursor[] ca;
    private final Cursor[] cb;
    private final Cursor[] cc;
    private Pointer a;
    private long aFrom;
    private int lda;
    private Pointer b;
    private long bFrom;
    private int ldb;
    private float beta;
    private Pointer c;
    private long cFrom;
    private int ldc;

    private StepGemm(Gemm gemm, boolean transB, int m, int n, int k, int parts, boolean alone, boolean packWeight) {
        this.gemm = gemm;
        this.packWeight = packWeight && alone && !transB && (long) n * k >= PACKED_MIN_WEIGHT;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.parts = parts;
        this.alone = alone;
        // split blocks and single-row products run on one OpenMP thread: set it once for the loop,
        // not around every step's product
        this.single = parts > 1 || !alone && gemm.aloneOnOneDnn(transB, m, n, k);
        this.previousThreads = single ? OmpThreads.set(1) : 0;
        this.ca = cursors(parts);
        this.cb = cursors(parts);
        this.cc = cursors(parts);
    }

    /** The step product {@code [m, k] x op(B)[k, n]}, split where that pays (see the class comment). */
    static StepGemm open(Gemm gemm, boolean transB, int m, int n, int k) {
        int parts = Math.min(Workers.threads(), n / ALIGN);
        boolean split = parts > 1 && gemm.onOneDnn(transB, m, n, k) && OmpThreads.available();
        return new StepGemm(gemm, transB, m, n, k, split ? parts : 1, false, false);
    }

    /**
     * The step product as one oneDNN sgemm on the calling thread, whatever its size, for the
     * slices of {@link BatchSlices}, whose threads have one OpenMP thread each; {@code gemm} must
     * run float32 on oneDNN ({@link Gemm#oneDnnFloats}). Unlike {@link Gemm#run} it moves pointers
     * of its own, so threads can share the operands' pointers.
     */
    static StepGemm alone(Gemm gemm, boolean transB, int m, int n, int k) {
        return alone(gemm, transB, m, n, k, false);
    }

    /**
     * {@link #alone}, and where {@code packWeight} (B not transposed, at least
     * {@value #PACKED_MIN_WEIGHT} elements) the steps that store
     * ({@code beta} 0) run on oneDNN's matmul with B reordered once into its kernel's layout
     * ({@link PackedStepMatmul}) as long as B stays the same; where oneDNN has no such kernel, sgemm.
     */
    static StepGemm alone(Gemm gemm, boolean transB, int m, int n, int k, boolean packWeight) {
        return new StepGemm(gemm, transB, m, n, k, 1, true, packWeight);
    }

    /** Whether the product is split over threads. */
    boolean split() {
        return parts > 1;
    }

    /** {@code C = A op(B) + beta C} for the shape given to {@link #open}, operands as in {@link Gemm#run}. */
    void run(Pointer a, long aFrom, int lda, Pointer b, long bFrom, int ldb, double beta, Pointer c, long cFrom,
             int ldc) {
        if (parts == 1 && !alone) {
            gemm.run(false, transB, m, n, k, 1.0, a, aFrom, lda, b, bFrom, ldb, beta, c, cFrom, ldc);
            return;
        }
        if (packWeight && beta == 0.0 && packedFor(a, lda, b, bFrom, ldb, ldc)) {
            packed.run(a, aFrom, c, cFrom);
            return;
        }
        this.a = a;
        this.aFrom = aFrom;
        this.lda = lda;
        this.b = b;
        this.bFrom = bFrom;
        this.ldb = ldb;
        this.beta = (float) beta;
        this.c = c;
        this.cFrom = cFrom;
        this.ldc = ldc;
        // one part (alone) runs inline on the caller
        gemm.workers().run(parts, Workers.Wait.YIELD, this);
    }

    /**
     * Whether {@link #packed} serves a product by B at {@code b}'s element {@code bFrom}: made for the
     * first such product (once per loop), kept while B stays the same weight.
     */
    private boolean packedFor(Pointer a, int lda, Pointer b, long bFrom, int ldb, int ldc) {
        long weight = b.address() + bFrom * Float.BYTES;
        if (!packedTried) {
            packedTried = true;
            packedWeight = weight;
            packed = PackedStepMatmul.of(m, n, k, lda, b, bFrom, ldb, ldc);
        }
        return packed != null && weight == packedWeight;
    }

    /** Column block {@code part}: a single-threaded sgemm on this thread. */
    @Override
    public void accept(int part) {
        OmpThreads.single();
        int from = columnStart(part);
        int to = columnStart(part + 1);
        long bOffset = transB ? (long) from * ldb : from;
        OneDnnSgemm.run(false, transB, m, to - from, k, 1f, ca[part].at(a, aFrom), lda, cb[part].at(b, bFrom + bOffset),
                ldb, beta, cc[part].at(c, cFrom + from), ldc);
    }

    private int columnStart(int part) {
        return part == parts ? n : (int) ((long) n * part / parts / ALIGN * ALIGN);
    }

    /** Restores the calling thread's OpenMP thread count. */
    @Override
    public void close() {
        if (packed != null) {
            packed.close();
            packed = null;
        }
        if (single) {
            OmpThreads.set(previousThreads);
        }
    }

    private static Cursor[] cursors(int parts) {
        Cursor[] out = new Cursor[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new Cursor();
        }
        return out;
    }

    /** A float pointer re-aimed at another array's elements without allocating. */
    private static final class Cursor extends FloatPointer {
        Cursor() {
            super((Pointer) null);
        }

        /** This pointer at element {@code offset} of {@code base}'s memory. */
        Cursor at(Pointer base, long offset) {
            address = base.address();
            position = offset;
            return this;
        }
    }
}
