package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Workers;

/**
 * Splits a range of columns or rows of a product over the cores: the range [0, n) is cut into parts
 * of whole tiles that the caller and the spinning {@link Workers} claim. Products below
 * {@link EjmlSettings#parallelWork()} multiply-adds run on the caller.
 */
final class Parallel {
    private static final int CORES = Workers.threads();
    private final Workers workers;
    private final long work;

    /** A range of a product; {@code work} is the fewest multiply-adds that are split. */
    Parallel(Workers workers, long work) {
        this.workers = workers;
        this.work = work;
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
        if (macs < work || CORES < 2 || tiles < 2) {
            body.run(0, n);
            return;
        }
        int parts = Math.min(tiles, 2 * CORES);
        workers.run(parts, p -> {
            int from = Math.min(n, (int) ((long) tiles * p / parts) * tile);
            int to = Math.min(n, (int) ((long) tiles * (p + 1) / parts) * tile);
            body.run(from, to);
        });
    }
}
