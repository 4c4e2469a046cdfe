package dev.jrnn.api.autograd;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>Thread safety: the value may be read by many threads while another replaces it. Readers hold
 * a lease on the parameter's {@link WeightGuard} (a model's forward pass does); {@link #set} and
 * {@link #setAll} swap values under the guard's write lock, so a reader sees one complete set of
 * values, the old or the new, and an old value is closed only once no reader holds it. The
 * gradient is not guarded: it belongs to the one thread that trains.
 */
public final class Parameter extends Variable {
    private final WeightGuard guard = new WeightGuard();

    /** A parameter named {@code name} holding {@code value}. */
    public Parameter(String name, Tensor value) {
        super(value, true, requireName(name), null, 0);
    }

    /** The guard of this parameter's value, shared with the rest of its model ({@link WeightGuard#share}). */
    public WeightGuard guard() {
        return guard;
    }

    /**
     * Names this parameter after its place in an enclosing model, {@code prefix + name()}, as
     * PyTorch's {@code named_parameters()} names a submodule's parameters: a model that holds two
     * layers whose parameters would share names (a seq2seq's encoder and decoder, both
     * {@code weight_ih_l0}) qualifies them ({@code encoder.gru.weight_ih_l0}), so that state dicts,
     * optimizer states and checkpoints, all keyed by name, tell them apart. Call it while building
     * the model, before any of those is made.
     *
     * @throws IllegalArgumentException when the prefix is empty
     */
    public void addNamePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name() + ": the name prefix must not be empty");
        }
        rename(prefix + name());
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        return name;
    }

    /**
     * Replaces the value (an optimizer update). The new value must have the old one's shape and
     * dtype; the old value is closed unless it is the same tensor, once no lease on the guard is
     * held. Waits for the leases held on the guard; throws {@link IllegalStateException} where this
     * thread holds one.
     */
    public void set(Tensor newValue) {
        setAll(Collections.singletonMap(this, newValue));
    }

    /**
     * Replaces the values of several parameters at once (a state_dict load, an optimizer step):
     * checks every shape and dtype first, then swaps the values of the parameters under one
     * guard in one step, so that a forward pass sees all of them old or all new. Parameters under
     * different (unshared) guards are swapped guard by guard. The replaced values are closed after
     * the swap, except those that are also among the new values.
     *
     * @throws IllegalArgumentException if a new value's shape or dtype differs from the old one's
     * @throws IllegalStateException    if this thread holds a lease on one of the guards
     */
    public static void setAll(Map<Parameter, ? extends Tensor> values) {
        for (Map.Entry<Parameter, ? extends Tensor> e : values.entrySet()) {
            e.getKey().checkReplacement(e.getValue());
        }
        List<Parameter> pending = new ArrayList<>(values.keySet());
        List<Tensor> replaced = new ArrayList<>(pending.size());
        while (!pending.isEmpty()) {
            WeightGuard root = pending.get(0).guard.lockWrite("parameter " + pending.get(0).name());
            try {
                for (int i = pending.size() - 1; i >= 0; i--) {
                    Parameter p = pending.get(i);
                    if (p.guard.root() == root) {
                        replaced.add(p.value());
                        p.setValue(values.get(p));
                        pending.remove(i);
                    }
                }
            } finally {
                root.unlockWrite();
            }
        }
        Set<Tensor> current = Collections.newSetFromMap(new IdentityHashMap<>());
        current.addAll(values.values());
        for (Tensor old : replaced) {
            if (current.add(old)) {
                old.close();
            }
        }
    }

    private void checkReplacement(Tensor newValue) {
        Tensor old = value();
        if (newValue == null) {
            throw new IllegalArgumentException("parameter " + name() + ": new value is null");
        }
        if (!newValue.shape().equals(old.shape()) || newValue.dtype() != old.dtype()) {
            throw new IllegalArgumentException("parameter " + name() + ": new value is " + newValue.dtype()
                    + newValue.shape() + ", expected " + old.dtype() + old.shape());
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
