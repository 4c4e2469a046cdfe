package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code y = x * f(w)} with one scalar weight w, inputs and targets [B, 1]: a model small enough to reason about. */
final class ScalarModel implements Model {
    final Parameter w;
    private final UnaryOperator<Variable> f;

    ScalarModel(Backend be, double w0, UnaryOperator<Variable> f) {
        this.w = new Parameter("w", be.fromArray(new double[] {w0}, Shape.of(1), DType.FLOAT64));
        this.f = f;
    }

    ScalarModel(Backend be, double w0) {
        this(be, w0, v -> v);
    }

    double weight() {
        return w.value().item();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w);
    }

    @Override
    public Variable forward(Variable input) {
        return Ops.mul(input, f.apply(w));
    }

    /** Samples {@code x_i = (i + 1) / n} with targets {@code slope * x_i}. */
    static Dataset line(int n, double slope) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i + 1.0) / n;
            y[i] = slope * x[i];
        }
        return new Dataset(x, Shape.of(1), y, Shape.of(1));
    }
}
