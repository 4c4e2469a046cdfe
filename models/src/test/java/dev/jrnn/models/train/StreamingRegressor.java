package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.StatefulLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * A stateful LSTM (4 features) with a linear head on every step, inputs [B, T, 1] to outputs
 * [B, T]: a sequence model for truncated BPTT.
 */
final class StreamingRegressor implements StatefulModel {
    private final StatefulLayer stream;
    private final Parameter weight;
    private final Parameter bias;

    StreamingRegressor(Backend be, long seed) {
        RecurrentLayer layer = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(4).numLayers(1).batchFirst(true).seed(seed).build();
        this.stream = new StatefulLayer(layer);
        this.weight = new Parameter("head.weight", be.fromArray(new double[] {0.3, -0.2, 0.1, 0.4}, Shape.of(1, 4),
                DType.FLOAT64));
        this.bias = new Parameter("head.bias", be.fromArray(new double[] {0.05}, Shape.of(1), DType.FLOAT64));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(stream.layer().parameters());
        all.add(weight);
        all.add(bias);
        return all;
    }

    @Override
    public Variable forward(Variable input) {
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        Variable out = stream.forward(input).output();
        Variable h = Ops.reshape(out, Shape.of(batch * steps, 4));
        return Ops.reshape(Ops.linear(h, weight, bias), Shape.of(batch, steps));
    }

    @Override
    public void resetState() {
        stream.reset();
    }

    @Override
    public void keepStateIn(TensorScope scope) {
        stream.keepStateIn(scope);
    }

    /** Parameter values, for exact comparisons. */
    List<double[]> values() {
        return parameters().stream().map(p -> p.value().toDoubleArray()).toList();
    }

    /** {@code n} sine sequences of {@code length} steps, phase by sequence; each target the next value. */
    static Dataset waves(int n, int length) {
        double[] x = new double[n * length];
        double[] y = new double[n * length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                x[i * length + t] = Math.sin(2 * Math.PI * (t + 1.7 * i) / 10);
                y[i * length + t] = Math.sin(2 * Math.PI * (t + 1 + 1.7 * i) / 10);
            }
        }
        return new Dataset(x, Shape.of(length, 1), y, Shape.of(length));
    }
}
