package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Lstm;

/**
 * A batch-1 FLOAT32 LSTM sequence for inference (serving one series), from its input projection
 * with the biases already added ([T, 4H], overwritten). Per step the state times the packed
 * {@code W_hh^T} is added onto the step's row of the projection, and the gate math turns that row
 * into the gates in place, the cell state in place and {@code h_t} straight into the output; nothing
 * else is written. At batch 1 each step's product streams the whole weight from the L2 cache, so
 * the input's part of the product is done once for all steps beforehand instead of at every step.
 */
final class OneRowInference {
    private OneRowInference() {
    }

    /**
     * @param gates   the input projection plus biases [T, 4H]; each row becomes that step's gates
     * @param weightT {@code W_hh^T} [H, 4H] as {@link VectorOps#pack} left it
     * @param h0      the initial state [H]
     * @param c       the initial cell state [H], the final one on return
     * @param out     the output [T, H]
     */
    static void run(VectorOps ops, Lstm lstm, int steps, int hidden, float[] gates, float[] weightT, float[] h0,
                    float[] c, float[] out, boolean reverse) {
        int width = 4 * hidden;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int previous = reverse ? t + 1 : t - 1;
            float[] h = step == 0 ? h0 : out;
            int ho = step == 0 ? 0 : previous * hidden;
            int go = t * width;
            ops.rowPacked(h, ho, weightT, hidden, gates, go, 0, width);
            lstm.forward(1, hidden, gates, go, null, 0, null, c, 0, gates, go, c, 0, out, t * hidden);
        }
    }
}
