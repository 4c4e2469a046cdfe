package dev.jrnn.kernels;

import java.util.Arrays;

/**
 * A FLOAT32 LSTM direction over full-length sequences for inference, batch rows in blocks, each block
 * taken through every step by one thread. Each step is one product of the step's input and the
 * previous state, side by side, by both weights stacked and packed once ({@link #stack}), followed
 * by the gate math on that product while it is in the L1 cache:
 *
 * <pre>
 * a = [x_t, h_{t-1}] [W_ih^T; W_hh^T] + (b_ih + b_hh)     [rows, I + H] x [I + H, 4H], the biases added by the gate math
 * i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of a
 * c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * </pre>
 *
 * <p>So no [T, B, 4H] projection is written and read back, no bias is added in a pass of its own,
 * and nothing is saved for a backward pass. A batch row's states depend on that row alone, so blocks
 * of rows never wait for each other: {@link #run} cuts the batch into one block per core. The EJML
 * backend runs its blocks through {@link #runRows(int, int, StepProduct, GateRows)} with its own
 * products; the ND4J backend runs this on Java copies of its input and weights.
 *
 * <pre>{@code
 * float[] stacked = LstmSequenceInference.stack(cpu.rows(), wIh, wHh, inputs, hidden);   // once per weight pair
 * new LstmSequenceInference(cpu.lstm(), steps, batch, inputs, hidden, x, h0, c, bias, out, false)
 *         .run(cpu.workers(), cpu.rows(), stacked);
 * }</pre>
 */
public final class LstmSequenceInference {
    /**
     * Fewest batch rows of a block: a step product of fewer rows streams the whole stacked weight
     * for too little work, and the tiles of {@link RowProduct#block} hold several rows.
     */
    public static final int MIN_BLOCK_ROWS = 8;
    /**
     * Fewest multiply-adds of a sequence's products ({@code T B 4H (I + H)}) for which its rows are
     * cut into blocks on several cores: a block handed to a parked worker costs tens of microseconds.
     */
    public static final long MIN_SPLIT_MACS = 1L << 22;

    /**
     * One step's product of a block's left operand [rows, I + H] by the stacked weight into its
     * [rows, 4H] gates: stored, or added onto them when {@code add}.
     */
    public interface StepProduct {
        void multiply(float[] inputAndState, int rows, float[] gates, boolean add);
    }

    /** Runs a block's gate math over its rows {@code [0, rows)}, on the calling thread or split. */
    public interface GateRows {
        void run(int rows, RowSplit.Rows body);
    }

    private final Lstm lstm;
    private final int steps;
    private final int batch;
    private final int inputs;
    private final int hidden;
    private final float[] x;
    private final float[] h0;
    private final float[] c;
    private final float[] bias;
    private final float[] out;
    private final boolean reverse;
    private boolean biasInGates = true;

    /**
     * @param x       the input [T, B, I]
     * @param h0      the initial state [B, H]
     * @param c       the initial cell state [B, H], the final one once every row has run
     * @param bias    {@code b_ih + b_hh} [4H], or null without biases
     * @param out     the output [T, B, H]; the final state is its last step ({@code reverse}: its first)
     * @param reverse whether the steps run from the last to the first
     */
    public LstmSequenceInference(Lstm lstm, int steps, int batch, int inputs, int hidden, float[] x, float[] h0,
                                 float[] c, float[] bias, float[] out, boolean reverse) {
        this.lstm = lstm;
        this.steps = steps;
        this.batch = batch;
        this.inputs = inputs;
        this.hidden = hidden;
        this.x = x;
        this.h0 = h0;
        this.c = c;
        this.bias = bias;
        this.out = out;
        this.reverse = reverse;
    }

    /**
     * Whether each step's product is stored and the gate math adds the biases ({@code true}, the
     * default), or the product is added onto rows of the biases copied into place first (the former
     * way, {@link CpuSettings#inferenceBiasInGates()} false): the copy wrote and the product read back
     * the whole [rows, 4H] block at every step. The two differ by float rounding (the bias added last
     * or first).
     */
    public LstmSequenceInference biasInGates(boolean inGates) {
        this.biasInGates = inGates;
        return this;
    }

    /**
     * {@code [W_ih^T; W_hh^T]} ([I + H, 4H], the input's rows above the state's) packed by {@code rows}
     * for {@link RowProduct#block}, from {@code wIh} [4H, I] and {@code wHh} [4H, H], row-major.
     */
    public static float[] stack(RowProduct rows, float[] wIh, float[] wHh, int inputs, int hidden) {
        int width = 4 * hidden;
        int depth = inputs + hidden;
        float[] stacked = new float[depth * width];
        for (int j = 0; j < width; j++) {
            for (int p = 0; p < inputs; p++) {
                stacked[p * width + j] = wIh[j * inputs + p];
            }
            for (int p = 0; p < hidden; p++) {
                stacked[(inputs + p) * width + j] = wHh[j * hidden + p];
            }
        }
        return rows.pack(stacked, width, depth, width);
    }

    /**
     * Runs every batch row, in one block per core on {@code workers} where the sequence has at least
     * {@link #MIN_SPLIT_MACS} multiply-adds and each block {@link #MIN_BLOCK_ROWS} rows, else in one
     * block on the calling thread; each block's products by {@code stacked} (packed by {@code rows},
     * {@link #stack}) and gate math on its own thread.
     */
    public void run(Workers workers, RowProduct rows, float[] stacked) {
        int blocks = blocks(Workers.threads());
        if (blocks < 2) {
            runRows(0, batch, rows, stacked);
            return;
        }
        workers.run(blocks, p -> {
            int from = (int) ((long) batch * p / blocks);
            int to = (int) ((long) batch * (p + 1) / blocks);
            runRows(from, to - from, rows, stacked);
        });
    }

    /** How many blocks {@link #run} cuts the batch into on {@code threads} threads (1: not cut). */
    int blocks(int threads) {
        long macs = (long) steps * batch * 4 * hidden * (inputs + hidden);
        int blocks = Math.min(threads, batch / MIN_BLOCK_ROWS);
        return macs >= MIN_SPLIT_MACS ? Math.max(1, blocks) : 1;
    }

    /** Batch rows {@code [from, from + rows)} on the calling thread, their products by {@code stacked} ({@link #stack}). */
    public void runRows(int from, int rows, RowProduct product, float[] stacked) {
        int depth = inputs + hidden;
        int width = 4 * hidden;
        runRows(from, rows, (a, n, z, add) -> product.block(a, depth, 0, n, stacked, depth, z, width, width, add),
                (n, body) -> body.run(0, n));
    }

    /**
     * Batch rows {@code [from, from + rows)} through every step, each step's product by {@code product}
     * and its gate math through {@code gateRows}, with buffers of their own: writes those rows of every
     * step's output and of the final cell state.
     */
    public void runRows(int from, int rows, StepProduct product, GateRows gateRows) {
        int depth = inputs + hidden;
        int width = 4 * hidden;
        float[] inputAndState = new float[rows * depth];
        float[] z = new float[rows * width];
        float[] cBlock = Arrays.copyOfRange(c, from * hidden, (from + rows) * hidden);
        setState(inputAndState, h0, from * hidden, rows);
        float[] gateBias = biasInGates ? bias : null;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            setInput(inputAndState, (t * batch + from) * inputs, rows);
            if (!biasInGates) {
                setBias(z, rows);
            }
            product.multiply(inputAndState, rows, z, !biasInGates);
            int so = (t * batch + from) * hidden;
            // the activated gates over the product, the cell state in place, h_t straight into the output
            gateRows.run(rows, (r, n) -> lstm.forward(n, hidden, z, r * width, null, 0, gateBias, cBlock, r * hidden, z,
                    r * width, cBlock, r * hidden, out, so + r * hidden));
            setState(inputAndState, out, so, rows);
        }
        System.arraycopy(cBlock, 0, c, from * hidden, rows * hidden);
    }

    /** Starts every row of the product from the summed biases (zero without any), for the product added to it. */
    private void setBias(float[] z, int rows) {
        int width = 4 * hidden;
        if (bias == null) {
            Arrays.fill(z, 0, rows * width, 0f);
            return;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, z, r * width, width);
        }
    }

    /** Copies the [rows, I] input block at {@code x[offset ..]} into the left columns of the product's operand. */
    private void setInput(float[] a, int offset, int rows) {
        int depth = inputs + hidden;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, offset + r * inputs, a, r * depth, inputs);
        }
    }

    /** Copies the [rows, H] state block at {@code h[offset ..]} into the right columns of the product's operand. */
    private void setState(float[] a, float[] h, int offset, int rows) {
        int depth = inputs + hidden;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(h, offset + r * hidden, a, r * depth + inputs, hidden);
        }
    }
}
