package dev.jrnn.forecast.network;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent layer's state held on the host, so it outlives tensor scopes: (h) or (h, c), each
 * [L, B, H] row-major.
 *
 * @param parts the state tensors' elements
 * @param shape their common shape [L, B, H]
 */
record RecurrentState(List<double[]> parts, Shape shape) {

    static RecurrentState of(List<Variable> finalState) {
        List<double[]> parts = new ArrayList<>();
        for (Variable v : finalState) {
            parts.add(v.value().toDoubleArray());
        }
        return new RecurrentState(List.copyOf(parts), finalState.get(0).shape());
    }

    List<Variable> toVariables(Backend backend, DType dtype) {
        List<Variable> vars = new ArrayList<>();
        for (double[] p : parts) {
            vars.add(Variable.constant(backend.fromArray(p, shape, dtype)));
        }
        return vars;
    }
}
