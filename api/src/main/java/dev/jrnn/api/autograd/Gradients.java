package dev.jrnn.api.autograd;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/** Helpers the backward rules of {@link Ops} share: recording a node and reshaping gradients. */
final class Gradients {
    private Gradients() {
    }

    /**
     * Wraps an op's result: a constant when nothing needs a gradient or recording is off, else a
     * variable whose creator is a new node with {@code rule}.
     */
    static Variable record(String op, Tensor value, Node.Rule rule, Variable... inputs) {
        if (!needsGrad(inputs)) {
            return Variable.constant(value);
        }
        return new Variable(value, true, null, new Node(op, List.of(inputs), 1, rule), 0);
    }

    /** Whether recording is on and some input requires a gradient. */
    static boolean needsGrad(Variable... inputs) {
        if (!Autograd.isRecording()) {
            return false;
        }
        for (Variable v : inputs) {
            if (v != null && v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sums a gradient of a broadcast result back to an operand's shape: over the leading axes the
     * operand was repeated along, or over everything for a one-element operand.
     */
    static Tensor unbroadcast(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        Backend be = g.backend();
        if (g.shape().endsWith(target)) {
            Tensor r = g;
            while (r.rank() > target.rank()) {
                r = be.sum(r, 0);
            }
            return r;
        }
        if (target.size() == 1) {
            return be.reshape(sumAll(be, g), target);
        }
        throw new IllegalStateException("gradient of shape " + g.shape() + " cannot be reduced to operand shape "
                + target);
    }

    /** The sum of all elements of {@code t}, rank 0. */
    static Tensor sumAll(Backend be, Tensor t) {
        return be.sum(be.reshape(t, Shape.of(t.size())), 0);
    }

    /** {@code 1 - x}. */
    static Tensor oneMinus(Backend be, Tensor x) {
        return be.sub(be.scalar(1.0, x.dtype()), x);
    }

    /** {@code g} placed at {@code [start, end)} along {@code axis} of a zero tensor of {@code shape}. */
    static Tensor pad(Backend be, Tensor g, Shape shape, int axis, int start, int end) {
        if (start == 0 && end == shape.dim(axis)) {
            return g;
        }
        List<Tensor> parts = new ArrayList<>(3);
        if (start > 0) {
            parts.add(be.zeros(shape.withDim(axis, start), g.dtype()));
        }
        parts.add(g);
        if (end < shape.dim(axis)) {
            parts.add(be.zeros(shape.withDim(axis, shape.dim(axis) - end), g.dtype()));
        }
        return be.concat(axis, parts);
    }
}
