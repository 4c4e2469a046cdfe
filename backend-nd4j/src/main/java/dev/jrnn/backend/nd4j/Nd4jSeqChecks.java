package dev.jrnn.backend.nd4j;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;

/** Argument checks of the fused ops, with {@link Checks}' messages: the op, the operand, expected and actual. */
final class Nd4jSeqChecks {
    private Nd4jSeqChecks() {
    }

    /** Checks that each named tensor (null skipped) belongs to {@code be} and has the first one's dtype. */
    static void operands(Backend be, String op, Object... namesAndTensors) {
        Tensor first = null;
        for (int k = 0; k < namesAndTensors.length; k += 2) {
            String name = (String) namesAndTensors[k];
            Tensor t = (Tensor) namesAndTensors[k + 1];
            if (t == null && (name.equals("bias") || name.equals("recurrentBias"))) {
                continue;
            }
            Checks.owned(be, op, name, t);
            if (first == null) {
                first = t;
            } else if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException(op + ": dtypes differ, " + namesAndTensors[0] + " is " + first.dtype()
                        + first.shape() + " and " + name + " is " + t.dtype() + t.shape());
            }
        }
    }

    /** {@code kind} if it is an Elman cell, else an exception. */
    static CellKind elman(CellKind kind) {
        if (kind != CellKind.RNN_TANH && kind != CellKind.RNN_RELU) {
            throw new IllegalArgumentException("rnnStep: kind must be RNN_TANH or RNN_RELU, got " + kind);
        }
        return kind;
    }

    /** Checks a forward step: h [B, H], W [G*H, H], P [B, G*H], c [B, H] (LSTM), b [G*H] or null. */
    static void step(Backend be, String op, CellKind kind, Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
        operands(be, op, "inputProjection", p, "h", h, "recurrentWeight", w, "recurrentBias", b);
        if (kind == CellKind.LSTM) {
            operands(be, op, "inputProjection", p, "c", c);
        }
        rank2(op, "h", h);
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        int width = kind.gates() * hs;
        Checks.shape(op, "inputProjection", p, Shape.of(batch, width));
        Checks.shape(op, "recurrentWeight", w, Shape.of(width, hs));
        if (c != null) {
            Checks.shape(op, "c", c, h.shape());
        }
        if (b != null) {
            Checks.shape(op, "recurrentBias", b, Shape.of(width));
        }
    }

    /**
     * Checks a backward step: W [G*H, H] fixes H, {@code gates} is [B, G*H] and every named state
     * tensor [B, H].
     */
    static void stepBackward(Backend be, String op, CellKind kind, Tensor gates, Tensor w, Tensor... states) {
        operands(be, op, "gates", gates, "recurrentWeight", w);
        for (int i = 0; i < states.length; i++) {
            operands(be, op, "gates", gates, "state " + i, states[i]);
        }
        rank2(op, "recurrentWeight", w);
        rank2(op, "gates", gates);
        int hs = w.shape().dim(1);
        Checks.shape(op, "recurrentWeight", w, Shape.of(kind.gates() * hs, hs));
        Checks.shape(op, "gates", gates, Shape.of(gates.shape().dim(0), kind.gates() * hs));
        for (int i = 0; i < states.length; i++) {
            Checks.shape(op, "state " + i, states[i], Shape.of(gates.shape().dim(0), hs));
        }
    }

    private static void rank2(String op, String name, Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException(op + ": " + name + " must be rank 2, got shape " + t.shape());
        }
    }
}
