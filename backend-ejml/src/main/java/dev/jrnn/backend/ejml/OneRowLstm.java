package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Lstm;
import dev.jrnn.kernels.Workers;

/**
 * A batch-1 LSTM sequence (serving one series) on the Vector API kernels. Per step, the state times
 * the packed {@code W_hh^T} is added onto the input projection and bias, written where the gate math
 * reads it, and the gate math runs on those columns at once, while they are in the L1 cache.
 *
 * <p>A one-row product does two loads per multiply-add pair and uses each weight once, so it runs at
 * the speed the cache streams {@code W_hh} to one core. Where a step's product is at least
 * {@link EjmlSettings#stepWork()} multiply-adds and H splits into whole column tiles, the hidden
 * units are cut into one block per core instead: each thread computes its block's columns of the
 * four gates ({@code i, f, g, o} at {@code g H + [j0, j1)}), their activations and its block of the
 * new state, the threads in {@link Lockstep} (every block of a step reads the whole state of the
 * step before). Each element is computed as by the whole-row kernel, so the results are bit for bit
 * those of {@link SequenceForwardKernel}'s loop, split or not.
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
     * Blocks of hidden units a step is cut into: the most, up to the cores, that cut H into whole
     * column tiles of {@code tile}, where the step's {@code 4 H H} multiply-adds reach {@code stepWork};
     * else 1.
     */
    static int parts(int hidden, int tile, long stepWork) {
        if ((long) 4 * hidden * hidden >= stepWork) {
            for (int p = Workers.threads(); p >= 2; p--) {
                if (hidden % (p * tile) == 0) {
                    return p;
                }
            }
        }
        return 1;
    }

    /**
     * Runs the sequence in {@code parts} blocks of hidden units from {@code h0}, {@code c0} ([1, H]):
     * writes the output {@code out}, the states {@code hs}, {@code cs} ([T, 1, H]) and the activated
     * gates {@code gates} ([T, 1, 4H]) as {@link SequenceForwardKernel} saves them, and the final state
     * into {@code hFinal}, {@code cFinal}.
     */
    void run(Workers workers, int parts, float[] h0, float[] c0, float[] out, float[] hs, float[] cs, float[] gates,
             float[] hFinal, float[] cFinal) {
        int block = hidden / parts;
        float[][] scratch = new float[parts][parts == 1 ? 0 : 4 * block];
        Lockstep.run(workers, steps, parts, (step, part) -> {
            int t = reverse ? steps - 1 - step : step;
            int previous = reverse ? t + 1 : t - 1;
            boolean first = step == 0;
            step(t, part * block, block, first ? h0 : hs, first ? 0 : previous * hidden, first ? c0 : cs,
                    first ? 0 : previous * hidden, scratch[part], out, hs, cs, gates);
        });
        int last = steps == 0 ? -1 : (reverse ? 0 : steps - 1) * hidden;
        System.arraycopy(last < 0 ? h0 : hs, Math.max(last, 0), hFinal, 0, hidden);
        System.arraycopy(last < 0 ? c0 : cs, Math.max(last, 0), cFinal, 0, hidden);
    }

    /**
     * Step t for hidden units {@code [j0, j0 + n)} from the state at {@code h[ho ..]}, {@code c[co ..]}: the
     * whole row's gate columns straight into {@code gates} when the block is all of H, else each gate's
     * columns of the block into {@code z} ({@code [i, f, g, o]}, n each, the layout the gate math reads)
     * and from there into {@code gates}.
     */
    private void step(int t, int j0, int n, float[] h, int ho, float[] c, int co, float[] z, float[] out, float[] hs,
                      float[] cs, float[] gates) {
        int width = 4 * hidden;
        int go = t * width;
        int so = t * hidden + j0;
        if (n == hidden) {
            addend(go, 0, width, gates, go);
            ops.rowPacked(h, ho, weightT, hidden, gates, go, 0, width);
            lstm.forward(1, hidden, gates, go, null, 0, null, c, co, gates, go, cs, so, hs, so);
        } else {
            for (int g = 0; g < 4; g++) {
                int n0 = g * hidden + j0;
                addend(go + n0, n0, n, z, g * n);
                ops.rowPacked(h, ho, weightT, hidden, z, g * n, n0, n0 + n);
            }
            lstm.forward(1, n, z, 0, null, 0, null, c, co + j0, z, 0, cs, so, hs, so);
            for (int g = 0; g < 4; g++) {
                System.arraycopy(z, g * n, gates, go + g * hidden + j0, n);
            }
        }
        if (t < length) {
            System.arraycopy(hs, so, out, so, n);
        } else {
            // a stopped sequence carries its state; its output stays zero
            System.arraycopy(h, ho + j0, hs, so, n);
            System.arraycopy(c, co + j0, cs, so, n);
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
