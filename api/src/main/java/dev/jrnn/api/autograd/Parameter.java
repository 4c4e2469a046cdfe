package dev.jrnn.api.autograd;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;

/**
 * A trainable leaf: a mutable holder of a value and its accumulated gradient under a PyTorch
 * {@code state_dict} name such as {@code weight_ih_l0}. Optimizers replace the value with
 * {@link #set}; {@link Autograd#backward} adds to the gradient.
 *
 * <p>Memory: a parameter's value and gradient are ordinary tensors, freed by the scope that
 * created them. Wrap each training step in a {@link TensorScope} and keep the parameters before it
 * closes, so that only the step's graph is freed:
 *
 * <pre>{@code
 * try (TensorScope step = TensorScope.open()) {
 *     Variable loss = ...;                       // forward
 *     Autograd.backward(loss);                   // gradients into the parameters
 *     optimizer.step(parameters);                // new values via Parameter.set
 *     Parameter.keepAll(step, parameters);       // values and gradients survive the step
 * }
 * }</pre>
 */
public final class Parameter extends Variable {

    /** A parameter named {@code name} holding {@code value}. */
    public Parameter(String name, Tensor value) {
        super(value, true, requireName(name), null, 0);
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        return name;
    }

    /**
     * Replaces the value (an optimizer update). The new value must have the old one's shape and
     * dtype; the old value is closed unless it is the same tensor.
     */
    public void set(Tensor newValue) {
        Tensor old = value();
        if (!newValue.shape().equals(old.shape()) || newValue.dtype() != old.dtype()) {
            throw new IllegalArgumentException("parameter " + name() + ": new value is " + newValue.dtype()
                    + newValue.shape() + ", expected " + old.dtype() + old.shape());
        }
        setValue(newValue);
        if (old != newValue) {
            old.close();
        }
    }

    /** Sets the gradient, for example after clipping; the previous one is closed. Null clears it. */
    public void setGradient(Tensor newGrad) {
        if (newGrad != null && !newGrad.shape().equals(shape())) {
            throw new IllegalArgumentException("parameter " + name() + ": gradient has shape " + newGrad.shape()
                    + ", expected " + shape());
        }
        Tensor old = grad();
        setGrad(newGrad);
        if (old != null && old != newGrad) {
            old.close();
        }
    }

    /** Clears (and closes) the accumulated gradient; the next backward pass starts from zero. */
    public void zeroGrad() {
        setGradient(null);
    }

    /** Keeps this parameter's value and gradient alive past {@code scope}. */
    public void keepIn(TensorScope scope) {
        scope.keep(value());
        if (grad() != null) {
            scope.keep(grad());
        }
    }

    /** Keeps the values and gradients of all {@code parameters} alive past {@code scope}. */
    public static void keepAll(TensorScope scope, Iterable<? extends Parameter> parameters) {
        for (Parameter p : parameters) {
            p.keepIn(scope);
        }
    }

    @Override
    public String toString() {
        return "Parameter " + name() + " " + dtype() + shape();
    }
}
