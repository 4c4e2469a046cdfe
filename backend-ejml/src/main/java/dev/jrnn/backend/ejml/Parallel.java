package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.RowSplit;
import dev.jrnn.kernels.Workers;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Splits a range of columns or rows of a product over the cores: the range [0, n) is cut into parts
 * of whole tiles that the caller and the spinning {@link Workers} claim. Products below
 * {@link EjmlSettings#parallelWork()} multiply-adds run on the caller. A recurrence, whose batch rows
 * are independent over all its steps, is instead cut once into one block of rows per core
 * ({@link #perCore}), each run through the whole sequence by the thread that claims it. Nothing is
 * split while as many threads as there are cores compute ({@link BusyThreads}): a worker would then
 * only compete with them for a core.
 */
final class Parallel {
    private static final int CORES = Workers.threads();
    private final Workers workers;
    private final long work;
    private final long sequenceWork;
    private final BusyThreads busy;
    /** Set on a thread while it runs a part of a split: what it calls then runs on it, uncounted. */
    private final ThreadLocal<boolean[]> inPart = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * Splits on {@code workers}: a product from {@code work} multiply-adds, a recurrence from
     * {@code sequenceWork}, while {@code busy} leaves a core free.
     */
    Parallel(Workers workers, long work, long sequenceWork, BusyThreads busy) {
        this.workers = workers;
        this.work = work;
        this.sequenceWork = sequenceWork;
        this.busy = busy;
    }

    /** A column or row range {@code [from, to)} of the product. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Whether a product of {@code n} columns is split by columns: when every part keeps at least
     * four column tiles, so that each part's packing of A is spread over enough columns. Otherwise
     * it is split by rows, where no part packs what another does.
     */
    static boolean byColumns(int n, int tile) {
        return n >= 4 * tile * 2 * CORES;
    }

    /** Runs {@code body} over [0, n) in parts of whole {@code tile}s, concurrently when {@code macs} pays. */
    void split(int n, int tile, long macs, Range body) {
        int tiles = (n + tile - 1) / tile;
        if (macs < work || CORES < 2 || tiles < 2 || !coreFree()) {
            body.run(0, n);
            return;
        }
        int parts = Math.min(tiles, 2 * CORES);
        runParts(parts, p -> {
            int from = Math.min(n, (int) ((long) tiles * p / parts) * tile);
            int to = Math.min(n, (int) ((long) tiles * (p + 1) / parts) * tile);
            body.run(from, to);
        });
    }

    /**
     * Runs a gate kernel over rows [0, rows) of width {@code h}, split over the cores as
     * {@link RowSplit} does where a core is free.
     */
    void rows(int rows, int h, RowSplit.Rows body) {
        if (!coreFree()) {
            body.run(0, rows);
            return;
        }
        RowSplit.run(workers, rows, h, (from, count) -> asPart(() -> body.run(from, count)));
    }

    /**
     * Whether work may be handed to a worker: not from inside a part of a split (nested work runs on
     * its thread), and only while the busy threads leave a core free.
     */
    private boolean coreFree() {
        return !inPart.get()[0] && !busy.noFreeCore();
    }

    /** Runs parts [0, parts) on the workers, each marked as a part on the thread that runs it. */
    private void runParts(int parts, IntConsumer part) {
        workers.run(parts, p -> asPart(() -> part.accept(p)));
    }

    /** Runs {@code part} marked as a part of a split on this thread. */
    private void asPart(Runnable part) {
        boolean[] flag = inPart.get();
        boolean outer = flag[0];
        flag[0] = true;
        try {
            part.run();
        } finally {
            flag[0] = outer;
        }
    }

    /**
     * Runs {@code body} over rows [0, n) cut into one block per core at whole {@code tile}s, each block
     * on the thread that claims it, when the whole job is {@code macs} multiply-adds of at least
     * {@link EjmlSettings#sequenceWork()} and every block's row count passes {@code fits}; otherwise
     * runs [0, n) on the caller. Meant for a recurrence: one join at its end rather than one per step.
     * Products and gate loops the body calls then run on its thread (the workers are taken).
     */
    void perCore(int n, int tile, long macs, IntPredicate fits, Range body) {
        int tiles = (n + tile - 1) / tile;
        int parts = Math.min(tiles, CORES);
        int[] cuts = new int[parts + 1];
        boolean split = parts >= 2 && macs >= sequenceWork && coreFree();
        for (int p = 1; p <= parts && split; p++) {
            cuts[p] = Math.min(n, (int) ((long) tiles * p / parts) * tile);
            split = fits.test(cuts[p] - cuts[p - 1]);
        }
        if (!split) {
            body.run(0, n);
            return;
        }
        runParts(parts, p -> body.run(cuts[p], cuts[p + 1]));
    }
}
