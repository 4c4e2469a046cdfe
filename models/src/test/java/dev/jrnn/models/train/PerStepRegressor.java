package dev.jrnn.models.train;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch-first recurrent layer with a linear head on every step, [B, T, I] to [B, T, O]: a
 * many-to-many model that takes lengths (outputs past a sequence's end are the head's bias, left
 * out of the loss by the mask).
 */
final class PerStepRegressor implements Model {
    final RecurrentLayer layer;
    final Parameter weight;
    final Parameter bias;

    PerStepRegressor(RecurrentLayer layer, int outputs) {
        this.layer = layer;
        int features = layer.directions() * layer.hiddenSize();
        Backend be = layer.backend();
        double[] w = new double[outputs * features];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.3 * Math.sin(1.7 * i + 0.2);
        }
        this.weight = new Parameter("head.weight", be.fromArray(w, Shape.of(outputs, features), layer.dtype()));
        this.bias = new Parameter("head.bias", be.full(Shape.of(outputs), 0.1, layer.dtype()));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(layer.parameters());
        all.add(weight);
        all.add(bias);
        return all;
    }

    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    @Override
    public Variable forward(Variable input, int[] lengths) {
        return head(layer.forward(input, null, lengths).output());
    }

    /** The head on every step of {@code out} [B, T, F]. */
    Variable head(Variable out) {
        int batch = out.shape().dim(0);
        int steps = out.shape().dim(1);
        Variable rows = Ops.reshape(out, Shape.of(batch * steps, out.shape().dim(2)));
        return Ops.reshape(Ops.linear(rows, weight, bias), Shape.of(batch, steps, weight.shape().dim(0)));
    }

    @Override
    public void train(boolean on) {
        layer.train(on);
    }
}
