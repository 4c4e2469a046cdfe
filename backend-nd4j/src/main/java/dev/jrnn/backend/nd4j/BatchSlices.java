package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.Workers;

/**
 * A time loop's batch rows cut into contiguous slices that each run the whole loop, every step's
 * product ({@link StepGemm#alone}) and gate math, on a thread of their own. Inside a recurrent
 * layer a batch row's states depend on that row alone, so the slices never wait for each other;
 * split step by step instead, the loop joined both cores twice per step (after the product's
 * column blocks and after the gate rows), and half of each gate block crossed from one core's cache
 * to the other's. Each slice thread has one OpenMP thread while the loop runs; the caller's count
 * is restored afterwards.
 *
 * <pre>{@code
 * int slices = BatchSlices.count(gemm, steps, batch, width, hs);
 * BatchSlices.run(slices, gemm, false, batch, width, hs, (from, rows, product, splitRows) -> ...);
 * }</pre>
 */
final class BatchSlices {
    /** Fewest batch rows in a slice: below that a step's product is too thin to keep a core busy. */
    static final int MIN_ROWS = 8;
    /**
     * Fewest multiply-adds of all the loop's step products ({@code steps * batch * n * k}) for which
     * it is sliced: enough work to pay the tens of microseconds that handing a slice to a parked
     * worker costs (small forecasting models ran slower sliced).
     */
    static final long MIN_LOOP_MACS = 1L << 24;

    /**
     * The whole time loop for batch rows {@code [from, from + rows)}: {@code product} is the step
     * product for those rows, {@code splitRows} whether the work between two products is to be split
     * over the workers ({@link dev.jrnn.kernels.RowSplit}; only when the loop is not sliced).
     */
    interface Loop {
        void run(int from, int rows, StepGemm product, boolean splitRows);
    }

    private BatchSlices() {
    }

    /**
     * How many slices a loop of {@code steps} products {@code [batch, k] x [k, n]} runs in: one (no
     * slicing) for float64, without oneDNN or control of OpenMP's thread count, on one core, with
     * fewer than {@code 2 * }{@value #MIN_ROWS} rows or less work than {@link #MIN_LOOP_MACS}.
     */
    static int count(Gemm gemm, int steps, int batch, int n, int k) {
        int slices = Math.min(Workers.threads(), batch / MIN_ROWS);
        boolean pays = (long) steps * batch * n * k >= MIN_LOOP_MACS;
        return slices > 1 && pays && gemm.oneDnnFloats() && OmpThreads.available() ? slices : 1;
    }

    /**
     * Runs {@code loop}, whose step products are {@code [batch, k] x op(B)[k, n]}: once per slice of
     * {@code [0, batch)}, the slices on different threads, each with a {@link StepGemm#alone} for its
     * rows; or, with one slice, once over the whole batch with a {@link StepGemm#open}.
     */
    static void run(int slices, Gemm gemm, boolean transB, int batch, int n, int k, Loop loop) {
        run(slices, gemm, transB, batch, n, k, false, loop);
    }

    /**
     * {@link #run(int, Gemm, boolean, int, int, int, Loop)}, the slices' products on a weight
     * reordered once per slice where {@code packWeight} ({@link StepGemm#alone(Gemm, boolean, int, int, int, boolean)}).
     */
    static void run(int slices, Gemm gemm, boolean transB, int batch, int n, int k, boolean packWeight, Loop loop) {
        if (slices < 2) {
            try (StepGemm product = StepGemm.open(gemm, transB, batch, n, k)) {
                loop.run(0, batch, product, true);
            }
            return;
        }
        int previous = OmpThreads.set(1);
        try {
            gemm.workers().run(slices, Workers.Wait.YIELD, p -> {
                OmpThreads.single();
                int from = start(p, slices, batch);
                int rows = start(p + 1, slices, batch) - from;
                try (StepGemm product = StepGemm.alone(gemm, transB, rows, n, k, packWeight)) {
                    loop.run(from, rows, product, false);
                }
            });
        } finally {
            OmpThreads.set(previous);
        }
    }

    private static int start(int slice, int slices, int batch) {
        return (int) ((long) batch * slice / slices);
    }
}
