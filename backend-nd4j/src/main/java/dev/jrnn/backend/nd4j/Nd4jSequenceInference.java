package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.kernels.LstmSequenceInference;
import dev.jrnn.kernels.RowProduct;
import java.util.List;

/**
 * One float32 LSTM direction of two or more batch rows for inference, in Java memory between one
 * copy in (the input, the initial states, the biases) and one copy out (the output and final states),
 * on {@code cpu-kernels}' sequence kernel, the EJML backend's:
 *
 * <pre>
 * a = [x_t, h_{t-1}] [W_ih^T; W_hh^T] + (b_ih + b_hh)     per step and block of rows: one product by the packed stack
 * gates, c_t, h_t from a                                 the shared gate math, gates in place
 * </pre>
 *
 * The batch runs in one block of rows per core, each block through every step on one thread
 * ({@link LstmSequenceInference#run}): nothing crosses between the cores before the sequence ends,
 * and nothing leaves Java between two steps, where the backend's loop paid native calls, copies and
 * an OpenMP count per step and slice. The stacked weight is read into Java and packed once per weight
 * pair and kept until the recurrent weight is closed ({@link Nd4jTensor#stackedWith}). Taken for step
 * products ({@code B * 4H * (I + H)} multiply-adds) under {@link Nd4jSettings#javaInferenceWork()}:
 * beyond, oneDNN's sgemm outruns the Java tiles by more than the loop's overhead costs.
 */
record Nd4jSequenceInference(Nd4jBackend be, Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh,
                             Tensor bHh, boolean reverse) {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * Whether it takes a call: a float32 LSTM of at least two batch rows, a rank-3 input and rank-2
     * weights of no empty size, every sequence of full length, and a step product {@code B * 4H * (I + H)}
     * of fewer than {@code maxStepWork} multiply-adds.
     */
    static boolean takes(CellKind kind, Tensor x, Tensor wIh, Tensor wHh, int[] lengths, long maxStepWork) {
        if (kind != CellKind.LSTM || x == null || wIh == null || wHh == null || x.dtype() != DType.FLOAT32
                || x.rank() != 3 || wIh.rank() != 2 || wHh.rank() != 2 || x.size() == 0 || wHh.size() == 0
                || x.shape().dim(1) < 2) {
            return false;
        }
        long depth = (long) x.shape().dim(2) + wHh.shape().dim(1);
        if (x.shape().dim(1) * (long) wHh.shape().dim(0) * depth >= maxStepWork) {
            return false;
        }
        return Nd4jRecurrentInference.fullLength(x, lengths);
    }

    /** The output [T, B, H] and final states (h_T, c_T). */
    SequenceForward run() {
        Nd4jRecurrentInference.check(be, CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, DType.FLOAT32);
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        int inputs = x.shape().dim(2);
        int hidden = wHh.shape().dim(1);
        RowProduct rows = be.cpu().rows();
        float[] stacked = ((Nd4jTensor) wHh).stackedWith((Nd4jTensor) wIh, rows);
        float[][] scratch = SCRATCH.get();
        float[] xs = JavaSequenceIo.scratch(scratch, 0, steps * batch * inputs);
        Buf.of(array(x)).get(0, xs, 0, steps * batch * inputs);
        float[] out = JavaSequenceIo.scratch(scratch, 1, steps * batch * hidden);
        float[] h0 = new float[batch * hidden];
        float[] c = new float[batch * hidden];
        JavaSequenceIo.readStates(initial, h0, c);
        float[] bias = JavaSequenceIo.biasSum(bIh, bHh, 4 * hidden);
        new LstmSequenceInference(be.cpu().lstm(), steps, batch, inputs, hidden, xs, h0, c, bias, out, reverse)
                .biasInGates(be.cpu().settings().inferenceBiasInGates())
                .run(be.cpu().workers(), rows, stacked);
        return JavaSequenceIo.forward(be, out, c, steps, batch, hidden, reverse);
    }
}
