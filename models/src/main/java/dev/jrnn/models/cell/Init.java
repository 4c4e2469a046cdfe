package dev.jrnn.models.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.SplittableRandom;

/**
 * Host-side initialisation: values drawn from a seeded generator in double precision and uploaded,
 * so the same seed gives the same parameters on every backend.
 */
public final class Init {
    private Init() {
    }

    /** A tensor of {@code shape} with elements drawn from U(-bound, bound), row-major order. */
    public static Tensor uniform(Backend backend, DType dtype, Shape shape, double bound, SplittableRandom random) {
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble(-bound, bound);
        }
        return backend.fromArray(data, shape, dtype);
    }

    /** PyTorch's recurrent default bound {@code 1 / sqrt(H)}. */
    public static double recurrentBound(int hiddenSize) {
        return 1.0 / Math.sqrt(hiddenSize);
    }
}
