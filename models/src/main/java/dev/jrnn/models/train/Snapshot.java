package dev.jrnn.models.train;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Host copies of parameter values, for restoring the best epoch's weights. */
final class Snapshot {
    private final List<double[]> values;

    private Snapshot(List<double[]> values) {
        this.values = values;
    }

    /** A snapshot of saved values, in the parameters' order (a checkpoint's). */
    static Snapshot ofValues(List<double[]> values) {
        return new Snapshot(List.copyOf(values));
    }

    /** The copied values, in the parameters' order. */
    List<double[]> values() {
        return values;
    }

    static Snapshot of(List<Parameter> parameters) {
        List<double[]> copy = new ArrayList<>(parameters.size());
        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
            for (Parameter p : parameters) {
                copy.add(p.value().toDoubleArray());
            }
        }
        return new Snapshot(copy);
    }

    /** Sets every parameter back to its copied value (exact for FLOAT32 and FLOAT64 alike), in one swap. */
    void restore(List<Parameter> parameters) {
        Map<Parameter, Tensor> restored = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            restored.put(p, p.backend().fromArray(values.get(i), p.shape(), p.dtype()));
        }
        Parameter.setAll(restored);
    }
}
