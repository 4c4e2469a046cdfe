package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Workers;

/**
 * Splits a range of columns or rows of a product over the cores: the range [0, n) is cut into parts
 * of whole tiles that the caller and the spinning {@link Workers} claim. Products below
 * {@link #WORK} multiply-adds run on the caller.
 */
final class Parallel {
    /** System property overriding {@link #WORK}: a number of multiply-adds. */
    static final String WORK_PROPERTY = "jrnn.ejml.parallelWork";
    /**
     * M*N*K from which a vector product is split over the cores: 2M multiply-adds, about 40 us of one
     * core at 100 GFLOP/s. On two cores shared with other work, a product of 1M ran no faster split
     * (handing a part to a core that is busy elsewhere costs tens of microseconds) while W2's 16.7M
     * per-step products gained; the exact crossing point is lost in that noise.
     */
    static final long WORK = Long.getLong(WORK_PROPERTY, 1L << 21);
    private static final int CORES = Workers.threads();

    /** A column or row range {@code [from, to)} of the product. */
    interface Range {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Whether a product of {@code n} columns is split by columns: when every part keeps at least
     * four column tiles, so that each part's packing of A is spread over enough columns. Otherwise
     * it is split by rows, where no part packs what another does.
     */
    static boolean byColumns(int n, int tile) {
        return n >= 4 * tile * 2 * CORES;
    }

    /** Runs {@code body} over [0, n) in parts of whole {@code tile}s, concurrently when {@code work} pays. */
    static void split(int n, int tile, long work, Range body) {
        int tiles = (n + tile - 1) / tile;
        if (work < WORK || CORES < 2 || tiles < 2) {
            body.run(0, n);
            return;
        }
        int parts = Math.min(tiles, 2 * CORES);
        Workers.run(parts, p -> {
            int from = Math.min(n, (int) ((long) tiles * p / parts) * tile);
            int to = Math.min(n, (int) ((long) tiles * (p + 1) / parts) * tile);
            body.run(from, to);
        });
    }
}
