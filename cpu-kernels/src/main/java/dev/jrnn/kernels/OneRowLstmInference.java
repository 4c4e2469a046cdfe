package dev.jrnn.kernels;

/**
 * A batch-1 FLOAT32 LSTM sequence for inference (serving one series), from its input projection
 * ([T, 4H], overwritten). Per step:
 *
 * <pre>
 * a_t = P_t + h_{t-1} W_hh^T (+ bias)        the one-row product onto the step's row of P
 * i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of a_t   (gates in place)
 * c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)  (c in place, h_t straight into the output)
 * </pre>
 *
 * Nothing else is written. At batch 1 each step's product streams the whole recurrent weight from
 * the L2 cache, so the input's part of the product is done once for all steps beforehand (by the
 * caller, in one GEMM) instead of at every step.
 */
public final class OneRowLstmInference {
    private OneRowLstmInference() {
    }

    /**
     * @param rows    the row product that packed {@code weightT}
     * @param gates   the input projection [T, 4H]; each row becomes that step's gates
     * @param bias    added to every step's row by the gate math ({@code b_ih + b_hh}, [4H]), or null where
     *                the projection holds it already
     * @param weightT {@code W_hh^T} [H, 4H] as {@code rows.pack} left it
     * @param h0      the initial state [H]
     * @param c       the initial cell state [H], the final one on return
     * @param out     the output [T, H]; the final state is its last row ({@code reverse}: its first)
     */
    public static void run(RowProduct rows, Lstm lstm, int steps, int hidden, float[] gates, float[] bias,
                           float[] weightT, float[] h0, float[] c, float[] out, boolean reverse) {
        int width = 4 * hidden;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int previous = reverse ? t + 1 : t - 1;
            float[] h = step == 0 ? h0 : out;
            int ho = step == 0 ? 0 : previous * hidden;
            int go = t * width;
            rows.row(h, ho, weightT, hidden, gates, go, 0, width, true);
            lstm.forward(1, hidden, gates, go, null, 0, bias, c, 0, gates, go, c, 0, out, t * hidden);
        }
    }
}
