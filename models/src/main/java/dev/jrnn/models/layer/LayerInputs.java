package dev.jrnn.models.layer;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/** Checks of a layer's arguments, zero states and inverted dropout. */
final class LayerInputs {
    private LayerInputs() {
    }

    static void checkInput(Variable input, int inputSize, boolean batchFirst) {
        if (input.shape().rank() != 3 || input.shape().dim(2) != inputSize) {
            throw new IllegalArgumentException("recurrent layer: input has shape " + input.shape() + ", expected "
                    + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "]");
        }
    }

    /**
     * The given initial states after checking their shapes, or zeros.
     *
     * @param shapes each state tensor's shape, [L*D, B, H], or [L*D, B, P] for the hidden state of an
     *               LSTM with projections
     */
    static List<Variable> initialState(List<Variable> given, List<Shape> shapes, int hiddenSize, Backend backend,
                                       DType dtype) {
        int count = shapes.size();
        List<Variable> states = new ArrayList<>(count);
        if (given == null) {
            for (Shape shape : shapes) {
                states.add(Variable.constant(backend.zeros(shape, dtype)));
            }
            return states;
        }
        if (given.size() != count) {
            throw new IllegalArgumentException("recurrent layer: initial state has " + given.size()
                    + " tensors, expected " + count + (count == 2 ? " (h0, c0)" : " (h0)"));
        }
        for (int i = 0; i < count; i++) {
            Variable s = given.get(i);
            Shape shape = shapes.get(i);
            if (!s.shape().equals(shape)) {
                String symbolic = shape.dim(2) == hiddenSize ? "[L*D, B, H]" : "[L*D, B, P]";
                throw new IllegalArgumentException("recurrent layer: initial state " + (i == 0 ? "h0" : "c0")
                        + " has shape " + s.shape() + ", expected " + symbolic + " = " + shape);
            }
            states.add(s);
        }
        return states;
    }

    /**
     * Inverted dropout: each element kept with probability 1 - p and scaled by 1 / (1 - p). Draws
     * under {@code random}'s monitor: the layer's generator is shared by its threads.
     */
    static Variable dropout(Variable x, double p, SeededRandom random) {
        double keep = 1.0 / (1.0 - p);
        double[] mask = new double[x.value().size()];
        synchronized (random) {
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextDouble() < p ? 0.0 : keep;
            }
        }
        return Ops.mul(x, Variable.constant(x.backend().fromArray(mask, x.shape(), x.dtype())));
    }
}
