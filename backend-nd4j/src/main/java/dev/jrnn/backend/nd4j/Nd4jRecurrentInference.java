package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link dev.jrnn.api.backend.Backend#recurrentInference} on oneDNN's whole-sequence primitives
 * ({@link OneDnnRnn}): float32 LSTM and GRU directions over full-length sequences, where oneDNN
 * loaded, whose step product has fewer multiply-adds than {@link Nd4jSettings#rnnPrimitiveWork()}.
 * The rest (float64, the Elman cells, sequences of different lengths, empty sizes, larger steps) is
 * declined, and the layer runs its projection and {@code recurrentForward}. The operands of a call
 * it takes are checked as that path checks them, so bad input fails the same way on both.
 *
 * <p>A layer whose step product {@code h W_hh^T} has fewer than {@value #TEAM_MACS} multiply-adds
 * (batch 1, small models) runs on the calling thread alone, its OpenMP count set to one for the
 * call: waking oneDNN's second thread and joining it at every step cost more than the half step it
 * takes over. Larger ones, where the setting admits them, run on oneDNN's OpenMP team, which lost
 * to jrnn's own loop at the default threads (so the default admits the small ones only).
 */
record Nd4jRecurrentInference(Nd4jBackend be, CellKind kind, Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh,
                              Tensor wHh, Tensor bHh, boolean reverse) {
    /** Fewest multiply-adds of one step's product {@code B * G*H * H} for which oneDNN's team runs the call. */
    static final long TEAM_MACS = 1L << 20;

    private static final String OP = "recurrentInference";

    /**
     * Whether the primitive takes a call of this kind, dtype, lengths and size: LSTM or GRU,
     * float32, a rank-3 input and rank-2 recurrent weight with no empty size, a step product
     * {@code B * G*H * H} of fewer than {@code maxStepWork} multiply-adds, and every sequence of full
     * length.
     */
    static boolean takes(CellKind kind, Tensor x, Tensor wHh, int[] lengths, long maxStepWork) {
        if (kind != CellKind.LSTM && kind != CellKind.GRU || x == null || wHh == null
                || x.dtype() != DType.FLOAT32 || x.rank() != 3 || wHh.rank() != 2 || x.size() == 0 || wHh.size() == 0) {
            return false;
        }
        long hidden = wHh.shape().dim(1);
        if ((long) x.shape().dim(1) * kind.gates() * hidden * hidden >= maxStepWork) {
            return false;
        }
        return fullLength(x, lengths);
    }

    /** Whether every sequence of the [T, B, I] input {@code x} runs all T steps (no lengths, or all equal to T). */
    static boolean fullLength(Tensor x, int[] lengths) {
        if (lengths != null) {
            for (int length : lengths) {
                if (length != x.shape().dim(0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The direction's output and final state, or empty where oneDNN declines these sizes. */
    Optional<SequenceForward> run() {
        Shape xs = x.shape();
        int steps = xs.dim(0);
        int batch = xs.dim(1);
        int inputs = xs.dim(2);
        int hidden = wHh.shape().dim(1);
        check(be, kind, x, initial, wIh, bIh, wHh, bHh, DType.FLOAT32);
        boolean alone = (long) batch * kind.gates() * hidden * hidden < TEAM_MACS && OmpThreads.available();
        int previous = alone ? OmpThreads.set(1) : 0;
        try {
            OneDnnRnn.Kept primitive = OneDnnRnn.primitive(new OneDnnRnn.Layout(kind == CellKind.LSTM, steps, batch,
                    inputs, hidden, reverse, OmpThreads.available() ? OmpThreads.get() : 0));
            return primitive == null ? Optional.empty() : Optional.of(run(primitive, steps, batch, hidden));
        } finally {
            if (alone) {
                OmpThreads.set(previous);
            }
        }
    }

    private SequenceForward run(OneDnnRnn.Kept primitive, int steps, int batch, int hidden) {
        boolean lstm = kind == CellKind.LSTM;
        Shape state = Shape.of(batch, hidden);
        Shape sequence = Shape.of(steps, batch, hidden);
        INDArray out = Nd4jArrays.uninitialized(sequence, DType.FLOAT32);
        INDArray hN = Nd4jArrays.uninitialized(state, DType.FLOAT32);
        INDArray cN = lstm ? Nd4jArrays.uninitialized(state, DType.FLOAT32) : null;
        RnnBias.fill(primitive.bias(), kind, bIh, bHh, hidden);
        primitive.run(new OneDnnRnn.Buffers(base(array(x)), base(array(initial.get(0))),
                lstm ? base(array(initial.get(1))) : null, base(RnnWeights.ldigo((Nd4jTensor) wIh, kind)),
                base(RnnWeights.ldigo((Nd4jTensor) wHh, kind)), base(out), base(hN), lstm ? base(cN) : null));
        List<Tensor> finalState = lstm
                ? List.of(be.wrap(hN, state, DType.FLOAT32), be.wrap(cN, state, DType.FLOAT32))
                : List.of(be.wrap(hN, state, DType.FLOAT32));
        return new SequenceForward(be.wrap(out, sequence, DType.FLOAT32), finalState, List.of());
    }

    /**
     * Every operand an open {@code dtype} tensor of this backend of its exact shape, as the composed
     * path demands: input [T, B, I], weights [G*H, I] and [G*H, H], biases [G*H] or null, states [B, H].
     */
    static void check(Nd4jBackend be, CellKind kind, Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh,
                      Tensor bHh, DType dtype) {
        Checks.owned(be, OP, "input", x);
        int batch = x.shape().dim(1);
        int inputs = x.shape().dim(2);
        int hidden = wHh.shape().dim(1);
        int rows = kind.gates() * hidden;
        Checks.operand(be, OP, "inputWeight", wIh, dtype, Shape.of(rows, inputs));
        Checks.optional(be, OP, "inputBias", bIh, dtype, Shape.of(rows));
        Checks.operand(be, OP, "recurrentWeight", wHh, dtype, Shape.of(rows, hidden));
        Checks.optional(be, OP, "recurrentBias", bHh, dtype, Shape.of(rows));
        if (initial == null || initial.size() != kind.states()) {
            throw new IllegalArgumentException(OP + ": " + kind + " needs " + kind.states()
                    + " initial state tensors, got " + (initial == null ? "none" : initial.size()));
        }
        for (int i = 0; i < initial.size(); i++) {
            Checks.operand(be, OP, "initial state " + i, initial.get(i), dtype, Shape.of(batch, hidden));
        }
    }

    /** A pointer at {@code a}'s first element. */
    private static Pointer base(INDArray a) {
        return new OneDnn.Address().at(a.data().addressPointer(), a.offset());
    }
}
