package dev.jrnn.api.autograd;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;

/**
 * A node of the differentiation graph: a {@link Tensor} value, the op that produced it (none for
 * a leaf), and, for a leaf that requires a gradient, the gradient accumulated by
 * {@link Autograd#backward}.
 *
 * <p>Create leaves with {@link #constant}, {@link #input} or as a {@link Parameter}; every other
 * variable comes out of an {@link Ops} method. A variable never owns its value: the value is
 * freed by the {@link dev.jrnn.api.TensorScope} it was created in, or by closing it.
 */
public sealed class Variable permits Parameter {
    /** Volatile: a parameter's value is replaced while other threads read it ({@link WeightGuard}). */
    private volatile Tensor value;
    private Tensor grad;
    private final boolean requiresGrad;
    /** Volatile: a model qualifies its parameters' names while it is built ({@link Parameter#addNamePrefix}). */
    private volatile String name;
    final Node creator;
    final int outputIndex;

    Variable(Tensor value, boolean requiresGrad, String name, Node creator, int outputIndex) {
        if (value == null) {
            throw new IllegalArgumentException("variable " + name + ": value is null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.name = name;
        this.creator = creator;
        this.outputIndex = outputIndex;
    }

    /** A leaf that needs no gradient: data, targets, masks. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null, null, 0);
    }

    /** A named leaf whose gradient {@link Autograd#backward} accumulates, for example a model input. */
    public static Variable input(Tensor value, String name) {
        return new Variable(value, true, name, null, 0);
    }

    /** The value held by this variable. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient dL/d(this) of a leaf, or null before any backward pass reached it. */
    public Tensor grad() {
        return grad;
    }

    /** Whether a gradient flows to this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The name given at creation, or null. */
    public String name() {
        return name;
    }

    void rename(String newName) {
        this.name = newName;
    }

    /** Whether this variable was created by the user rather than by an op. */
    public boolean isLeaf() {
        return creator == null;
    }

    public Shape shape() {
        return value.shape();
    }

    public DType dtype() {
        return value.dtype();
    }

    public Backend backend() {
        return value.backend();
    }

    /** A constant leaf with the same value: gradients stop here (truncated back-propagation). */
    public Variable detach() {
        return constant(value);
    }

    /** Replaces the value; for {@link Parameter} updates only. */
    void setValue(Tensor newValue) {
        value = newValue;
    }

    /** Replaces the gradient (null clears it); the previous one is not closed. */
    void setGrad(Tensor newGrad) {
        grad = newGrad;
    }

    @Override
    public String toString() {
        return "Variable " + (name == null ? "" : name + " ") + value.dtype() + value.shape()
                + (creator == null ? "" : " from " + creator.op());
    }
}
