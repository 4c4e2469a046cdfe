package dev.jrnn.models.optim;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shared bookkeeping of the optimizers: the parameter list, the learning rate, and per parameter a
 * step count and a few state tensors that each update replaces (and closes).
 */
abstract class AbstractOptimizer implements Optimizer {
    private final List<Parameter> parameters;
    private final Map<Parameter, Slot> slots = new IdentityHashMap<>();
    private double learningRate;

    /** A parameter's state: how many updates it had and its state tensors (null before the first). */
    static final class Slot {
        long step;
        final Tensor[] state;

        Slot(int size) {
            state = new Tensor[size];
        }

        /** Replaces state tensor {@code i}, closing the previous one. */
        void set(int i, Tensor value) {
            Tensor old = state[i];
            state[i] = value;
            if (old != null && old != value) {
                old.close();
            }
        }
    }

    AbstractOptimizer(List<Parameter> parameters, double learningRate) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs at least one parameter");
        }
        this.parameters = List.copyOf(parameters);
        setLearningRate(learningRate);
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got "
                    + rate);
        }
        this.learningRate = rate;
    }

    /** The number of state tensors per parameter. */
    final int stateSize() {
        return stateNames().size();
    }

    /** The names of the state tensors per parameter, PyTorch's ({@code exp_avg}, ...). */
    abstract List<String> stateNames();

    /** The hyperparameters besides the learning rate, in PyTorch's names, as {@link Double#toString} (exact). */
    abstract Map<String, String> settings();

    @Override
    public OptimizerState state() {
        Map<String, OptimizerState.ParameterState> states = new LinkedHashMap<>();
        List<String> names = stateNames();
        for (Parameter p : parameters) {
            Slot slot = slots.get(p);
            if (slot == null) {
                continue;
            }
            Map<String, double[]> buffers = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (slot.state[i] != null) {
                    buffers.put(names.get(i), slot.state[i].toDoubleArray());
                }
            }
            states.put(p.name(), new OptimizerState.ParameterState(slot.step, buffers));
        }
        return new OptimizerState(kind(), settings(), learningRate, states);
    }

    @Override
    public void loadState(OptimizerState state) {
        String owner = kind() + ".loadState";
        if (!kind().equals(state.kind())) {
            throw new IllegalArgumentException(owner + ": the state is of " + state.kind() + ", not " + kind());
        }
        if (!settings().equals(state.settings())) {
            throw new IllegalArgumentException(owner + ": the state was saved with " + new TreeMap<>(state.settings())
                    + ", this optimizer has " + new TreeMap<>(settings()));
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        parameters.forEach(p -> byName.put(p.name(), p));
        List<String> names = stateNames();
        state.parameters().forEach((name, s) -> {
            Parameter p = byName.get(name);
            if (p == null) {
                throw new IllegalArgumentException(owner + ": the state names parameter '" + name
                        + "', which this optimizer does not update; it has " + byName.keySet());
            }
            if (s.step() < 1) {
                throw new IllegalArgumentException(owner + ": parameter '" + name + "' has step " + s.step()
                        + "; a saved state has at least one step");
            }
            s.buffers().forEach((buffer, values) -> {
                if (!names.contains(buffer)) {
                    throw new IllegalArgumentException(owner + ": parameter '" + name + "' has buffer '" + buffer
                            + "'; " + kind() + " keeps " + names);
                }
                if (values.length != p.shape().size()) {
                    throw new IllegalArgumentException(owner + ": buffer '" + buffer + "' of parameter '" + name
                            + "' has " + values.length + " values; the parameter has shape " + p.shape());
                }
            });
        });
        close();
        state.parameters().forEach((name, s) -> {
            Parameter p = byName.get(name);
            Slot slot = new Slot(stateSize());
            slot.step = s.step();
            for (int i = 0; i < names.size(); i++) {
                double[] values = s.buffers().get(names.get(i));
                if (values != null) {
                    slot.set(i, p.backend().fromArray(values, p.shape(), p.dtype()));
                }
            }
            slots.put(p, slot);
        });
        setLearningRate(state.learningRate());
    }

    /** The name a state carries: the class's simple name. */
    String kind() {
        return getClass().getSimpleName();
    }

    /** {@code Kind(lr=..., setting=..., ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append("(lr=").append(learningRate);
        settings().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        return sb.append(')').toString();
    }

    /**
     * Computes the update of one parameter; {@code slot.step} was already incremented. Returns the
     * parameter's new value and replaces the slot's state via {@link Slot#set}.
     */
    abstract Tensor update(Backend be, Tensor value, Tensor grad, Slot slot);

    /**
     * Computes every new value from the current ones under a lease, then swaps them all in at once
     * ({@link Parameter#setAll}), so that a model serving other threads meanwhile sees the weights
     * before or after the step, never halfway.
     */
    @Override
    public void step() {
        for (Parameter p : parameters) {
            if (p.guard().isReadByCurrentThread()) {
                throw new IllegalStateException(getClass().getSimpleName() + ".step: this thread holds a lease on the"
                        + " weights of " + p.name() + "; close it before the step (the step replaces them)");
            }
        }
        Map<Parameter, Tensor> next = new LinkedHashMap<>();
        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
            for (Parameter p : parameters) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                Slot slot = slots.computeIfAbsent(p, k -> new Slot(stateSize()));
                slot.step++;
                try (TensorScope scope = TensorScope.open()) {
                    next.put(p, scope.keep(update(p.backend(), p.value(), grad, slot)));
                    for (Tensor t : slot.state) {
                        if (t != null) {
                            scope.keep(t);
                        }
                    }
                }
            }
        }
        Parameter.setAll(next);
    }

    @Override
    public void keepIn(TensorScope scope) {
        Parameter.keepAll(scope, parameters);
        for (Slot slot : slots.values()) {
            for (Tensor t : slot.state) {
                if (t != null) {
                    scope.keep(t);
                }
            }
        }
    }

    @Override
    public void close() {
        for (Slot slot : slots.values()) {
            for (int i = 0; i < slot.state.length; i++) {
                slot.set(i, null);
            }
        }
        slots.clear();
    }

    /** {@code g + wd * p}, or {@code g} itself when {@code wd} is 0. */
    static Tensor withWeightDecay(Backend be, Tensor grad, Tensor value, double weightDecay) {
        return weightDecay == 0.0 ? grad : be.add(grad, be.scale(value, weightDecay));
    }

    static void checkNonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and >= 0, got " + value);
        }
    }
}
