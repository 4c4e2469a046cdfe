package dev.jrnn.api.fused;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Checks;
import java.util.List;

/**
 * The argument checks of {@link Backend#recurrentForward} and {@link Backend#recurrentBackward},
 * shared by the composed definitions and every backend's kernels: each operand is an open tensor of
 * the backend with the common dtype and its exact shape, or the op throws naming the operand, the
 * expected and the actual shape or dtype. Returns the sizes the kernels index by.
 */
public final class SequenceChecks {
    private static final String FORWARD = "recurrentForward";
    private static final String BACKWARD = "recurrentBackward";

    private SequenceChecks() {
    }

    /**
     * Checks the operands of a forward pass: inputProjection [T, B, G*H], recurrentWeight [G*H, H],
     * recurrentBias [G*H] or null, one [B, H] initial state per state of the cell, and the lengths.
     */
    public static SequenceSizes forward(Backend be, CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                                        Tensor recurrentWeight, Tensor recurrentBias, int[] lengths) {
        kind(FORWARD, kind);
        Checks.owned(be, FORWARD, "inputProjection", inputProjection);
        Checks.owned(be, FORWARD, "recurrentWeight", recurrentWeight);
        if (inputProjection.rank() != 3 || recurrentWeight.rank() != 2) {
            throw new IllegalArgumentException(FORWARD + ": needs inputProjection [T, B, G*H] and recurrentWeight"
                    + " [G*H, H], got " + inputProjection.shape() + " and " + recurrentWeight.shape());
        }
        Shape p = inputProjection.shape();
        SequenceSizes s = new SequenceSizes(inputProjection.dtype(), p.dim(0), p.dim(1),
                recurrentWeight.shape().dim(1), kind.gates());
        weight(be, FORWARD, recurrentWeight, s);
        Checks.operand(be, FORWARD, "inputProjection", inputProjection, s.dtype(), s.gateSequence());
        Checks.optional(be, FORWARD, "recurrentBias", recurrentBias, s.dtype(), Shape.of(s.gateWidth()));
        states(be, FORWARD, "initial state", kind, initialState, s);
        Checks.lengths(FORWARD, lengths, s.steps(), s.batch());
        return s;
    }

    /**
     * Checks the operands of a backward pass: the forward result's saved tensors (gates [T, B, G*H]
     * and states [T, B, H] for LSTM and GRU, then the hidden states [T, B, H]), recurrentWeight
     * [G*H, H], dOutput [T, B, H], the initial state and the final state gradient ([B, H] each), and
     * the lengths.
     */
    public static SequenceSizes backward(Backend be, CellKind kind, SequenceForward forward,
                                         List<Tensor> initialState, Tensor recurrentWeight, Tensor dOutput,
                                         List<Tensor> dFinalState, int[] lengths) {
        kind(BACKWARD, kind);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        int saved = gated ? 3 : 1;
        if (forward == null || forward.saved() == null || forward.saved().size() != saved) {
            throw new IllegalArgumentException(BACKWARD + ": " + kind + " needs the " + saved
                    + " saved tensors of its recurrentForward, got "
                    + (forward == null || forward.saved() == null ? "none" : forward.saved().size()));
        }
        Tensor hiddenAll = forward.saved().get(saved - 1);
        Checks.owned(be, BACKWARD, "saved hidden states", hiddenAll);
        Checks.owned(be, BACKWARD, "recurrentWeight", recurrentWeight);
        if (hiddenAll.rank() != 3 || recurrentWeight.rank() != 2) {
            throw new IllegalArgumentException(BACKWARD + ": needs saved hidden states [T, B, H] and recurrentWeight"
                    + " [G*H, H], got " + hiddenAll.shape() + " and " + recurrentWeight.shape());
        }
        Shape seq = hiddenAll.shape();
        SequenceSizes s = new SequenceSizes(hiddenAll.dtype(), seq.dim(0), seq.dim(1), seq.dim(2), kind.gates());
        weight(be, BACKWARD, recurrentWeight, s);
        Checks.operand(be, BACKWARD, "dOutput", dOutput, s.dtype(), seq);
        if (gated) {
            Checks.operand(be, BACKWARD, "saved gates", forward.saved().get(0), s.dtype(), s.gateSequence());
            Checks.operand(be, BACKWARD, "saved states", forward.saved().get(1), s.dtype(), seq);
        }
        states(be, BACKWARD, "initial state", kind, initialState, s);
        states(be, BACKWARD, "final state gradient", kind, dFinalState, s);
        Checks.lengths(BACKWARD, lengths, s.steps(), s.batch());
        return s;
    }

    private static void kind(String op, CellKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException(op + ": cell kind is null");
        }
    }

    private static void weight(Backend be, String op, Tensor recurrentWeight, SequenceSizes s) {
        Checks.operand(be, op, "recurrentWeight", recurrentWeight, s.dtype(), Shape.of(s.gateWidth(), s.hidden()));
    }

    /** Checks the list holds one [B, H] tensor of the common dtype per state of the cell. */
    private static void states(Backend be, String op, String what, CellKind kind, List<Tensor> states,
                               SequenceSizes s) {
        if (states == null || states.size() != kind.states()) {
            throw new IllegalArgumentException(op + ": " + kind + " needs " + kind.states() + " " + what
                    + " tensors, got " + (states == null ? "none" : states.size()));
        }
        for (int i = 0; i < states.size(); i++) {
            Checks.operand(be, op, what + " " + i, states.get(i), s.dtype(), s.state());
        }
    }
}
