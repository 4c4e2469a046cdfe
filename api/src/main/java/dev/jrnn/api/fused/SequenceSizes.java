package dev.jrnn.api.fused;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;

/**
 * The checked sizes of a whole-sequence recurrence, as {@link SequenceChecks} returns them.
 *
 * @param dtype  the dtype of every operand
 * @param steps  T
 * @param batch  B
 * @param hidden H
 * @param gates  G, the gate blocks of the cell kind
 */
public record SequenceSizes(DType dtype, int steps, int batch, int hidden, int gates) {

    /** G*H, the width of a gate block row. */
    public int gateWidth() {
        return gates * hidden;
    }

    /** [B, H], the shape of one state tensor. */
    public Shape state() {
        return Shape.of(batch, hidden);
    }

    /** [T, B, H], the shape of the output and of the saved states. */
    public Shape stateSequence() {
        return Shape.of(steps, batch, hidden);
    }

    /** [T, B, G*H], the shape of the input projection and of the saved gates. */
    public Shape gateSequence() {
        return Shape.of(steps, batch, gateWidth());
    }
}
