package dev.jrnn.models.layer;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.SplittableRandom;

/** Seeded inputs for the layer tests. */
final class LayerFixtures {
    private LayerFixtures() {
    }

    static Tensor random(Backend be, Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return be.fromArray(d, shape, DType.FLOAT64);
    }

    static Variable input(Backend be, String name, long seed, int... dims) {
        return Variable.input(random(be, Shape.of(dims), seed), name);
    }

    static double maxDiff(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        if (x.length != y.length) {
            throw new AssertionError("shapes differ: " + a.shape() + " and " + b.shape());
        }
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
