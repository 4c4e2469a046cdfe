package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import org.ejml.data.ReshapeMatrix;

/**
 * What the whole-sequence kernels share: the sizes (T steps, batch B, hidden H, G*H gate columns),
 * the per-step mask of running sequences and row copies under it. A sequence b runs at step t when
 * {@code t < lengths[b]}; a stopped sequence carries its state, as in PyTorch's packed sequences.
 */
abstract class SequenceKernel {
    final EjmlBackend be;
    final CellKind kind;
    final DType dtype;
    final Kernels k;
    final int steps;
    final int batch;
    final int hidden;
    final int gateWidth;
    final ReshapeMatrix weight;
    private final int[] lengths;
    private final boolean[] active;

    SequenceKernel(EjmlBackend be, String op, CellKind kind, Tensor recurrentWeight, int steps, int batch,
                   int[] lengths) {
        Checks.owned(be, op, "recurrentWeight", recurrentWeight);
        if (kind == null) {
            throw new IllegalArgumentException(op + ": cell kind is null");
        }
        this.be = be;
        this.kind = kind;
        this.dtype = recurrentWeight.dtype();
        this.k = Kernels.of(dtype);
        this.steps = steps;
        this.batch = batch;
        if (recurrentWeight.rank() != 2) {
            throw new IllegalArgumentException(op + ": recurrentWeight has shape " + recurrentWeight.shape()
                    + ", expected [" + kind.gates() + " * hidden, hidden]");
        }
        this.hidden = recurrentWeight.shape().dim(1);
        this.gateWidth = kind.gates() * hidden;
        Checks.shape(op, "recurrentWeight", recurrentWeight, Shape.of(gateWidth, hidden));
        this.weight = ejml(recurrentWeight).matrix();
        this.lengths = lengths == null ? null : lengths.clone();
        this.active = new boolean[batch];
        checkLengths();
    }

    /** Dimension {@code axis} of a rank-3 operand, checked to belong to the backend. */
    static int dim(EjmlBackend be, String op, String operand, Tensor t, int axis) {
        Checks.owned(be, op, operand, t);
        if (t.rank() != 3) {
            throw new IllegalArgumentException(op + ": " + operand + " has shape " + t.shape()
                    + ", expected [steps, batch, features]");
        }
        return t.shape().dim(axis);
    }

    private void checkLengths() {
        if (lengths == null) {
            return;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException("recurrent: " + lengths.length + " lengths given for a batch of "
                    + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("recurrent: length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "]");
            }
        }
    }

    /** Checks an operand's ownership, dtype and shape. */
    void check(String op, String operand, Tensor t, Shape expected) {
        Checks.owned(be, op, operand, t);
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": " + operand + " is " + t.dtype() + t.shape() + ", expected "
                    + dtype);
        }
        Checks.shape(op, operand, t, expected);
    }

    /** Checks the list holds one [B, H] tensor per state of the cell. */
    void checkStates(String op, String operand, java.util.List<Tensor> states) {
        if (states == null || states.size() != kind.states()) {
            throw new IllegalArgumentException(op + ": " + kind + " needs " + kind.states() + " " + operand
                    + " tensors, got " + (states == null ? "none" : states.size()));
        }
        for (int s = 0; s < states.size(); s++) {
            check(op, operand + " " + s, states.get(s), Shape.of(batch, hidden));
        }
    }

    /** Marks the sequences running at step t; returns whether all of them are. */
    boolean mask(int t) {
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            active[b] = lengths == null || t < lengths[b];
            all &= active[b];
        }
        return all;
    }

    /** The running rows of the last {@link #mask}, or null when all run. */
    boolean[] activeRows(boolean all) {
        return all ? null : active;
    }

    /**
     * Copies the rows of the [B, H] block at {@code srcOff} to {@code dstOff} whose running flag (from
     * the last {@link #mask}, all true when {@code all}) equals {@code running}.
     */
    void copyRows(Object src, int srcOff, Object dst, int dstOff, boolean all, boolean running) {
        if (all) {
            if (running) {
                System.arraycopy(src, srcOff, dst, dstOff, batch * hidden);
            }
            return;
        }
        for (int b = 0; b < batch; b++) {
            if (active[b] == running) {
                System.arraycopy(src, srcOff + b * hidden, dst, dstOff + b * hidden, hidden);
            }
        }
    }

    /** A new array holding a copy of the tensor's elements. */
    Object copyOf(Tensor t) {
        Object data = ejml(t).data();
        Object copy = Movement.newArray(data, t.size());
        System.arraycopy(data, 0, copy, 0, t.size());
        return copy;
    }

    /** A new [B, H] state tensor owning {@code data}. */
    EjmlTensor state(Object data) {
        return EjmlTensor.wrap(be, Shape.of(batch, hidden), data);
    }
}
