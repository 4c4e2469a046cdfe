package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.kernels.RowSplit;
import dev.jrnn.kernels.Workers;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One LSTM direction over full-length sequences for inference, from the layer's input, in jrnn's
 * time loop (the sizes that oneDNN's RNN primitive does not take, {@link Nd4jRecurrentInference}).
 * It computes what the projection and {@link Nd4jSequenceForward} compute, keeping only what
 * inference returns:
 *
 * <pre>
 * P = X W_ih^T                         one GEMM over all T*B rows, into a [T, B, 4H] buffer
 * P_t += h_{t-1} W_hh^T                 each step's product adds onto its slot (beta = 1)
 * a = P_t + (b_ih + b_hh);  i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of a
 * c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * </pre>
 *
 * <p>So each step copies one block into Java (the summed products) and one back (h_t into the
 * output), where the training loop also reads the projection apart and writes the activated gates
 * and the cell state of every step back for the backward pass. The biases, summed once, are added
 * in the gate kernel, which spares a pass writing them into every row of the projection before its
 * GEMM. The cell state stays in Java arrays. The batch runs in {@link BatchSlices} as the training
 * loop's does.
 */
record Nd4jLstmInference(Nd4jBackend be, Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh,
                         Tensor bHh, boolean reverse) {

    /**
     * Whether the loop takes a call: an LSTM with a rank-3 input and rank-2 recurrent weight of no
     * empty size, every sequence of full length.
     */
    static boolean takes(CellKind kind, Tensor x, Tensor wHh, int[] lengths) {
        if (kind != CellKind.LSTM || x == null || wHh == null || x.rank() != 3 || wHh.rank() != 2 || x.size() == 0
                || wHh.size() == 0 || x.shape().dim(2) == 0) {
            return false;
        }
        return Nd4jRecurrentInference.fullLength(x, lengths);
    }

    /** The output [T, B, H] and final states (h_T, c_T). */
    SequenceForward run() {
        Shape xs = x.shape();
        int steps = xs.dim(0);
        int batch = xs.dim(1);
        int hs = wHh.shape().dim(1);
        Nd4jRecurrentInference.check(be, CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, x.dtype());
        DType dtype = x.dtype();
        int width = 4 * hs;
        INDArray sums = projection(steps * batch, xs.dim(2), width);
        Shape seq = Shape.of(steps, batch, hs);
        Shape state = Shape.of(batch, hs);
        INDArray hidden = Nd4jArrays.uninitialized(seq, dtype);
        INDArray cN = Nd4jArrays.uninitialized(state, dtype);
        Gemm gemm = be.gemm(hidden.dataType());
        int slices = BatchSlices.count(gemm, steps, batch, width, hs);
        boolean wT = slices > 1 || gemm.prefersUntransposedRight(batch, width, hs);
        INDArray weight = Nd4jSequenceForward.stepWeight(gemm, wHh, wT, width, hs);
        Buf bSums = Buf.of(sums);
        Loop loop = new Loop(steps, batch, hs, gemm.pointer(weight), wT ? width : hs, gemm.pointer(array(initial.get(0))),
                gemm.pointer(hidden), gemm.pointer(sums), bSums, Buf.of(hidden));
        Buf.of(array(initial.get(0))).get(0, loop.h[0], 0, batch * hs);
        Buf.of(array(initial.get(1))).get(0, loop.c[0], 0, batch * hs);
        try {
            BatchSlices.run(slices, gemm, !wT, batch, width, hs, loop::run);
        } finally {
            // scratch that no tensor owns: back to the pool, so that the next call reuses its pages
            // instead of faulting in fresh ones ([T*B, 4H], 6.5 MB at W1)
            Nd4jPool.give(sums);
        }
        // after T steps the last state is in slot T & 1 of the pair
        Buf.of(cN).put(0, loop.c[steps & 1], 0, batch * hs);
        INDArray hN = Nd4jArrays.uninitialized(state, dtype);
        Buf.of(hN).put(0, loop.h[steps & 1], 0, batch * hs);
        return new SequenceForward(be.wrap(hidden, seq, dtype),
                List.of(be.wrap(hN, state, dtype), be.wrap(cN, state, dtype)), List.of());
    }

    /** {@code X W_ih^T} as [T*B, 4H] (viewed [T, B, 4H] by the loop), one GEMM. */
    private INDArray projection(int rows, int inputs, int width) {
        INDArray out = Nd4jArrays.uninitialized(Shape.of(rows, width), x.dtype());
        Gemm gemm = be.gemm(out.dataType());
        gemm.run(false, true, rows, width, inputs, 1.0, gemm.pointer(array(x)), 0, inputs, gemm.pointer(array(wIh)), 0,
                inputs, 0.0, gemm.pointer(out), 0, width);
        return out;
    }

    /** {@code sum += b} elementwise, in the tensors' dtype; nothing for a null {@code b}. */
    private static void addInto(Object sum, Tensor b, int n) {
        if (b == null) {
            return;
        }
        Buf buf = Buf.of(array(b));
        Object tmp = buf.scratch(n);
        buf.get(0, tmp, 0, n);
        if (sum instanceof float[] f) {
            float[] t = (float[]) tmp;
            for (int i = 0; i < n; i++) {
                f[i] += t[i];
            }
        } else {
            double[] d = (double[]) sum;
            double[] t = (double[]) tmp;
            for (int i = 0; i < n; i++) {
                d[i] += t[i];
            }
        }
    }

    /**
     * The time loop over batch rows: per step the product onto the step's sums, then, for the rows
     * of this range, a copy of the sums into Java, one pass of the gate kernel (gates in place) and
     * a copy of h_t into the output. The state pairs and the sums' scratch are indexed by batch row,
     * so ranges on different threads share them.
     */
    private final class Loop {
        private final int steps;
        private final int hs;
        private final int width;
        private final int state;
        private final int block;
        private final Pointer pW;
        private final int ldw;
        private final Pointer pH0;
        private final Pointer pHidden;
        private final Pointer pSums;
        private final Buf bSums;
        private final Buf bHidden;
        private final Object z;
        private final Object[] h;
        private final Object[] c;
        private final Object bias;

        Loop(int steps, int batch, int hs, Pointer pW, int ldw, Pointer pH0, Pointer pHidden, Pointer pSums, Buf bSums,
             Buf bHidden) {
            this.steps = steps;
            this.hs = hs;
            this.width = 4 * hs;
            this.state = batch * hs;
            this.block = batch * width;
            this.pW = pW;
            this.ldw = ldw;
            this.pH0 = pH0;
            this.pHidden = pHidden;
            this.pSums = pSums;
            this.bSums = bSums;
            this.bHidden = bHidden;
            this.z = bSums.scratch(block);
            this.h = new Object[] {bSums.scratch(state), bSums.scratch(state)};
            this.c = new Object[] {bSums.scratch(state), bSums.scratch(state)};
            this.bias = bSums.scratch(width);
            addInto(bias, bIh, width);
            addInto(bias, bHh, width);
        }

        /** Every step for rows {@code [from, from + rows)} (a {@link BatchSlices.Loop}). */
        void run(int from, int rows, StepGemm product, boolean splitRows) {
            Range range = new Range(from);
            for (int k = 0; k < steps; k++) {
                int t = reverse ? steps - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                product.run(k == 0 ? pH0 : pHidden, (k == 0 ? 0 : (long) prev * state) + (long) from * hs, hs, pW, 0,
                        ldw, 1.0, pSums, (long) t * block + (long) from * width, width);
                range.k = k;
                range.t = t;
                if (splitRows) {
                    RowSplit.run(be.cpu().workers(), rows, hs, Workers.Wait.YIELD, range);
                } else {
                    range.run(0, rows);
                }
            }
        }

        /** The gate work of the current step for rows of one range, split further where the loop is not sliced. */
        private final class Range implements RowSplit.Rows {
            private final int from;
            private int k;
            private int t;

            Range(int from) {
                this.from = from;
            }

            @Override
            public void run(int offset, int rows) {
                cells(k, t, from + offset, rows);
            }
        }

        /** Step {@code k} (time {@code t}) of rows {@code [from, from + rows)} after its product. */
        private void cells(int k, int t, int from, int rows) {
            int g = from * width;
            int s = from * hs;
            bSums.get(t * block + g, z, g, rows * width);
            Object hNext = h[1 - (k & 1)];
            be.gates().lstmForward(from, rows, hs, z, null, bias, c[k & 1], c[1 - (k & 1)], hNext);
            bHidden.put(t * state + s, hNext, s, rows * hs);
        }
    }
}
