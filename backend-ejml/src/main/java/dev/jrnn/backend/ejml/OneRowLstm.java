package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Lstm;

/**
 * A batch-1 LSTM sequence (serving one series) on the Vector API kernels. Per step, the state times
 * the packed {@code W_hh^T} is added onto the input projection and bias, written where the gate math
 * reads it, and the gate math runs on those columns at once, while they are in the L1 cache. Each
 * element is computed as by the whole-row kernel, so the results are bit for bit those of
 * {@link SequenceForwardKernel}'s loop.
 */
final class OneRowLstm {
    private final VectorOps ops;
    private final Lstm lstm;
    private final int steps;
    private final int hidden;
    private final float[] projection;
    private final float[] bias;
    private final float[] weightT;
    private final int length;
    private final boolean reverse;

    /**
     * @param projection the input projection [T, 1, 4H]
     * @param bias       the recurrent bias [4H], or null
     * @param weightT    {@code W_hh^T} [H, 4H] packed by {@link VectorOps#pack}
     * @param lengths    the sequence's length (one entry), or null for all T steps
     */
    OneRowLstm(VectorOps ops, Lstm lstm, int steps, int hidden, float[] projection, float[] bias, float[] weightT,
               int[] lengths, boolean reverse) {
        this.ops = ops;
        this.lstm = lstm;
        this.steps = steps;
        this.hidden = hidden;
        this.projection = projection;
        this.bias = bias;
        this.weightT = weightT;
        this.length = lengths == null ? steps : lengths[0];
        this.reverse = reverse;
    }

    /**
     * Runs the sequence from {@code h0}, {@code c0} ([1, H]): writes the output {@code out}, the states
     * {@code hs}, {@code cs} ([T, 1, H]) and the activated gates {@code gates} ([T, 1, 4H]) as
     * {@link SequenceForwardKernel} saves them, and the final state into {@code hFinal}, {@code cFinal}.
     */
    void run(float[] h0, float[] c0, float[] out, float[] hs, float[] cs, float[] gates, float[] hFinal,
             float[] cFinal) {
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int previous = reverse ? t + 1 : t - 1;
            boolean first = step == 0;
            step(t, first ? h0 : hs, first ? 0 : previous * hidden, first ? c0 : cs, first ? 0 : previous * hidden,
                    out, hs, cs, gates);
        }
        int last = steps == 0 ? -1 : (reverse ? 0 : steps - 1) * hidden;
        System.arraycopy(last < 0 ? h0 : hs, Math.max(last, 0), hFinal, 0, hidden);
        System.arraycopy(last < 0 ? c0 : cs, Math.max(last, 0), cFinal, 0, hidden);
    }

    /**
     * Step t from the state at {@code h[ho ..]}, {@code c[co ..]}: the whole row's gate columns straight
     * into {@code gates}.
     */
    private void step(int t, float[] h, int ho, float[] c, int co, float[] out, float[] hs, float[] cs,
                      float[] gates) {
        int width = 4 * hidden;
        int go = t * width;
        int so = t * hidden;
        addend(go, 0, width, gates, go);
        ops.rowPacked(h, ho, weightT, hidden, gates, go, 0, width);
        lstm.forward(1, hidden, gates, go, null, 0, null, c, co, gates, go, cs, so, hs, so);
        if (t < length) {
            System.arraycopy(hs, so, out, so, hidden);
        } else {
            // a stopped sequence carries its state; its output stays zero
            System.arraycopy(h, ho, hs, so, hidden);
            System.arraycopy(c, co, cs, so, hidden);
        }
    }

    /** {@code dst[d + j] = projection[p + j] + bias[b + j]} for j in [0, n): what the product is added to. */
    private void addend(int p, int b, int n, float[] dst, int d) {
        if (bias == null) {
            System.arraycopy(projection, p, dst, d, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            dst[d + j] = projection[p + j] + bias[b + j];
        }
    }
}
