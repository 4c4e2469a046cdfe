package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.kernels.OneRowLstmInference;
import dev.jrnn.kernels.RowProduct;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One float32 LSTM direction of a single batch row (serving one series) for inference, in Java
 * memory between one copy in and one copy out:
 *
 * <pre>
 * P = X W_ih^T                       for all T steps ([T, 4H]): four rows at a time by the packed W_ih^T
 * a_t = P_t + h_{t-1} W_hh^T + b     per step: the one-row product by the packed W_hh^T ({@link RowProduct})
 * gates, c_t, h_t from a_t           the shared gate math, gates in place (b = b_ih + b_hh)
 * </pre>
 *
 * At batch 1 a step's product streams the whole recurrent weight; in Java it streams it from the L2
 * cache with nothing in between, where oneDNN's RNN primitive and the backend's loop pay a native
 * call (or several) per step. Both weights are packed once per weight tensor and kept until the
 * tensor is closed ({@link Nd4jTensor#rowPackedTranspose}). {@link Nd4jSettings#oneRowJavaProjection()}
 * false runs the projection as one oneDNN sgemm instead, copied into Java. The numbers agree with the
 * primitive's and the loop's within float rounding (the sums run in another order).
 */
record Nd4jOneRowInference(Nd4jBackend be, Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh,
                           Tensor bHh, boolean reverse) {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    /**
     * Whether it takes a call: a float32 LSTM of one batch row, a rank-3 input and rank-2 recurrent
     * weight of no empty size, the sequence of full length.
     */
    static boolean takes(CellKind kind, Tensor x, Tensor wHh, int[] lengths) {
        if (kind != CellKind.LSTM || x == null || wHh == null || x.dtype() != DType.FLOAT32 || x.rank() != 3
                || wHh.rank() != 2 || x.size() == 0 || wHh.size() == 0 || x.shape().dim(1) != 1) {
            return false;
        }
        return Nd4jRecurrentInference.fullLength(x, lengths);
    }

    /** The output [T, 1, H] and final states (h_T, c_T). */
    SequenceForward run() {
        Nd4jRecurrentInference.check(be, CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, DType.FLOAT32);
        int steps = x.shape().dim(0);
        int inputs = x.shape().dim(2);
        int hidden = wHh.shape().dim(1);
        int width = 4 * hidden;
        RowProduct rows = be.cpu().rows();
        float[] weightT = ((Nd4jTensor) wHh).rowPackedTranspose(rows);
        float[][] scratch = SCRATCH.get();
        float[] gates = JavaSequenceIo.scratch(scratch, 0, steps * width);
        float[] out = JavaSequenceIo.scratch(scratch, 1, steps * hidden);
        if (be.settings().oneRowJavaProjection()) {
            float[] xs = JavaSequenceIo.scratch(scratch, 2, steps * inputs);
            Buf.of(array(x)).get(0, xs, 0, steps * inputs);
            rows.rows(xs, 0, inputs, steps, ((Nd4jTensor) wIh).rowPackedTranspose(rows), inputs, gates, 0, width,
                    width);
        } else {
            project(steps, inputs, width, gates);
        }
        float[] h0 = new float[hidden];
        float[] c = new float[hidden];
        JavaSequenceIo.readStates(initial, h0, c);
        float[] bias = JavaSequenceIo.biasSum(bIh, bHh, width);
        OneRowLstmInference.run(rows, be.cpu().lstm(), steps, hidden, gates, bias, weightT, h0, c, out, reverse);
        return JavaSequenceIo.forward(be, out, c, steps, 1, hidden, reverse);
    }

    /** {@code X W_ih^T} [T, 4H] into {@code gates} on oneDNN: one native GEMM into pooled scratch, one copy out. */
    private void project(int steps, int inputs, int width, float[] gates) {
        INDArray p = Nd4jArrays.uninitialized(Shape.of(steps, width), DType.FLOAT32);
        try {
            Gemm gemm = be.gemm(p.dataType());
            gemm.run(false, true, steps, width, inputs, 1.0, gemm.pointer(array(x)), 0, inputs,
                    gemm.pointer(array(wIh)), 0, inputs, 0.0, gemm.pointer(p), 0, width);
            Buf.of(p).get(0, gates, 0, steps * width);
        } finally {
            Nd4jPool.give(p);
        }
    }
}
