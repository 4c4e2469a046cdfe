package dev.jrnn.models.cell;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.fused.CellKind;

/**
 * A cell whose recurrence is one of the backend's fused kinds, so a layer can run a whole sequence
 * through {@link dev.jrnn.api.autograd.Ops#recurrent} instead of step by step. Gate blocks are
 * stacked along the weights' rows in PyTorch's order.
 */
public interface FusedCell extends Cell {

    /** The fused recurrence this cell computes. */
    CellKind kind();

    /** W_ih [G*H, I]. */
    Parameter weightIh();

    /** W_hh [G*H, H]. */
    Parameter weightHh();

    /** b_ih [G*H], or null without biases. */
    Parameter biasIh();

    /** b_hh [G*H], or null without biases. */
    Parameter biasHh();
}
