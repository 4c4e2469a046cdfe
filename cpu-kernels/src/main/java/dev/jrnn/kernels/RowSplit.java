package dev.jrnn.kernels;

/**
 * Splits a gate kernel's batch rows over the {@link Workers}: rows are independent, so each thread
 * runs the kernel on a contiguous block of them. Blocks of fewer than {@link #MIN_CELLS} cells run on
 * the caller, where the hand-off would cost more than the work. A backend whose products run on a
 * native library's own threads passes {@link Workers.Wait#YIELD}, so that the waiting workers leave
 * those threads their cores.
 *
 * <pre>{@code
 * RowSplit.run(cpu.workers(), rows, h, (r, n) -> cpu.lstm().forward(n, h, z, r * 4 * h, null, 0, bias, c, r * h, ...));
 * }</pre>
 */
public final class RowSplit {
    /** Fewest rows x H cells for which the rows are split. */
    public static final int MIN_CELLS = 4096;

    /** The kernel on rows {@code [from, from + count)}. */
    public interface Rows {
        void run(int from, int count);
    }

    private RowSplit() {
    }

    /** Runs {@code body} over rows {@code [0, rows)} of width {@code h}, split when the block is big enough. */
    public static void run(Workers workers, int rows, int h, Rows body) {
        run(workers, rows, h, Workers.Wait.SPIN, body);
    }

    /** {@link #run(Workers, int, int, Rows)} whose workers then wait as {@code wait} says. */
    public static void run(Workers workers, int rows, int h, Workers.Wait wait, Rows body) {
        int parts = Math.min(rows, Workers.threads());
        if (parts < 2 || (long) rows * h < MIN_CELLS) {
            body.run(0, rows);
            return;
        }
        workers.run(parts, wait, p -> {
            int from = (int) ((long) rows * p / parts);
            int to = (int) ((long) rows * (p + 1) / parts);
            body.run(from, to - from);
        });
    }
}
