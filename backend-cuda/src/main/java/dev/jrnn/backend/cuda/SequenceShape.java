package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;

/**
 * The checked sizes of a whole-sequence recurrence: every operand of {@link CudaRecurrence} is
 * verified here (owner, dtype, exact shape), since its kernels index the operands directly.
 *
 * @param steps  T
 * @param batch  B
 * @param hidden H
 * @param gates  G, the gate blocks of the cell kind
 */
record SequenceShape(DType dtype, int steps, int batch, int hidden, int gates) {

    static SequenceShape forward(CudaBackend be, CellKind kind, Tensor p, List<Tensor> initial, Tensor w, Tensor bias,
                                 int[] lengths) {
        String op = "recurrentForward";
        requireKind(op, kind);
        Checks.owned(be, op, "inputProjection", p);
        Checks.owned(be, op, "recurrentWeight", w);
        if (p.rank() != 3 || w.rank() != 2) {
            throw new IllegalArgumentException(op + ": needs inputProjection [T, B, G*H] and recurrentWeight [G*H, H], got "
                    + p.shape() + " and " + w.shape());
        }
        SequenceShape s = new SequenceShape(p.dtype(), p.shape().dim(0), p.shape().dim(1), w.shape().dim(1), kind.gates());
        Operands.require(be, op, "inputProjection", p, s.dtype, Shape.of(s.steps, s.batch, s.gates * s.hidden));
        Operands.require(be, op, "recurrentWeight", w, s.dtype, Shape.of(s.gates * s.hidden, s.hidden));
        Operands.optional(be, op, "recurrentBias", bias, s.dtype, Shape.of(s.gates * s.hidden));
        s.requireStates(be, op, "initialState", kind, initial);
        s.requireLengths(lengths);
        return s;
    }

    static SequenceShape backward(CudaBackend be, CellKind kind, SequenceForward fwd, List<Tensor> initial, Tensor w,
                                  Tensor dOutput, List<Tensor> dFinal, int[] lengths) {
        String op = "recurrentBackward";
        requireKind(op, kind);
        int savedCount = kind == CellKind.LSTM || kind == CellKind.GRU ? 3 : 1;
        if (fwd == null || fwd.saved() == null || fwd.saved().size() != savedCount) {
            throw new IllegalArgumentException(op + ": " + kind + " needs the " + savedCount
                    + " saved tensors of its recurrentForward, got " + (fwd == null || fwd.saved() == null ? "none"
                    : fwd.saved().size()));
        }
        Tensor hiddenAll = fwd.saved().get(savedCount - 1);
        Checks.owned(be, op, "saved hidden states", hiddenAll);
        Checks.owned(be, op, "recurrentWeight", w);
        if (hiddenAll.rank() != 3 || w.rank() != 2) {
            throw new IllegalArgumentException(op + ": needs saved hidden states [T, B, H] and recurrentWeight [G*H, H], got "
                    + hiddenAll.shape() + " and " + w.shape());
        }
        Shape seq = hiddenAll.shape();
        SequenceShape s = new SequenceShape(hiddenAll.dtype(), seq.dim(0), seq.dim(1), seq.dim(2), kind.gates());
        Operands.require(be, op, "recurrentWeight", w, s.dtype, Shape.of(s.gates * s.hidden, s.hidden));
        Checks.owned(be, op, "dOutput", dOutput);
        Checks.shape(op, "dOutput", dOutput, seq);
        Operands.require(be, op, "dOutput", dOutput, s.dtype, seq);
        if (savedCount == 3) {
            Operands.require(be, op, "saved gates", fwd.saved().get(0), s.dtype,
                    Shape.of(s.steps, s.batch, s.gates * s.hidden));
            Operands.require(be, op, kind == CellKind.LSTM ? "saved cell states" : "saved W_hn h + b_hn",
                    fwd.saved().get(1), s.dtype, seq);
        }
        s.requireStates(be, op, "initialState", kind, initial);
        s.requireStates(be, op, "dFinalState", kind, dFinal);
        s.requireLengths(lengths);
        return s;
    }

    private static void requireKind(String op, CellKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException(op + ": kind is null");
        }
    }

    private void requireStates(CudaBackend be, String op, String name, CellKind kind, List<Tensor> states) {
        if (states == null || states.size() != kind.states()) {
            throw new IllegalArgumentException(op + ": " + kind + " needs " + kind.states() + " " + name
                    + " tensors, got " + (states == null ? "none" : states.size()));
        }
        for (int i = 0; i < states.size(); i++) {
            Operands.require(be, op, name + " " + i, states.get(i), dtype, Shape.of(batch, hidden));
        }
    }

    private void requireLengths(int[] lengths) {
        if (lengths == null) {
            return;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException("recurrent: " + lengths.length + " lengths given for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("recurrent: length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "]");
            }
        }
    }
}
