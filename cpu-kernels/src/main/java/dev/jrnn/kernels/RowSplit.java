package dev.jrnn.kernels;

/**
 * Splits a gate kernel's batch rows over the {@link Workers}: rows are independent, so each thread
 * runs the kernel on a contiguous block of them. Blocks of fewer than {@link #MIN_CELLS} cells run on
 * the caller, where the hand-off would cost more than the work.
 */
final class RowSplit {
    /** Fewest rows x H cells for which the rows are split. */
    static final int MIN_CELLS = 4096;

    /** The kernel on rows {@code [from, from + count)}. */
    interface Rows {
        void run(int from, int count);
    }

    private RowSplit() {
    }

    static void run(int rows, int h, Rows body) {
        int parts = Math.min(rows, Workers.threads());
        if (parts < 2 || (long) rows * h < MIN_CELLS) {
            body.run(0, rows);
            return;
        }
        Workers.run(parts, p -> {
            int from = (int) ((long) rows * p / parts);
            int to = (int) ((long) rows * (p + 1) / parts);
            body.run(from, to - from);
        });
    }
}
