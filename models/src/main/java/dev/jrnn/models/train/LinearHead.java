package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A linear map {@code y = x W^T + b} over the last axis with parameters {@code <name>.weight}
 * [O, I] and {@code <name>.bias} [O], drawn from U(-1/sqrt(I), 1/sqrt(I)) as PyTorch's
 * {@code nn.Linear}: the heads of the sequence models.
 */
record LinearHead(Parameter weight, Parameter bias) {

    static LinearHead create(String name, int inputs, int outputs, Backend backend, DType dtype, long seed) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException(name + ": sizes must be positive, got " + inputs + " inputs and "
                    + outputs + " outputs");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(inputs);
        return new LinearHead(
                new Parameter(name + ".weight", backend.fromArray(uniform(random, outputs * inputs, bound),
                        Shape.of(outputs, inputs), dtype)),
                new Parameter(name + ".bias", backend.fromArray(uniform(random, outputs, bound), Shape.of(outputs),
                        dtype)));
    }

    /** A [V, E] table from U(-1/sqrt(E), 1/sqrt(E)), for token embeddings. */
    static Parameter table(String name, int rows, int columns, Backend backend, DType dtype, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Parameter(name, backend.fromArray(uniform(random, rows * columns, 1.0 / Math.sqrt(columns)),
                Shape.of(rows, columns), dtype));
    }

    private static double[] uniform(SplittableRandom random, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-bound, bound);
        }
        return v;
    }

    Variable apply(Variable x) {
        return Ops.linear(x, weight, bias);
    }

    List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    int outputs() {
        return weight.shape().dim(0);
    }
}
