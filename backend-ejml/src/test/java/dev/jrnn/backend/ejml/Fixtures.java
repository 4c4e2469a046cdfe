package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.List;
import java.util.Random;

/** Seeded inputs and tolerant comparisons for this module's tests. */
final class Fixtures {
    private final Random random = new Random(7L);
    private final DType dtype;

    Fixtures(DType dtype) {
        this.dtype = dtype;
    }

    /** Values uniform in [-scale, scale). */
    double[] values(int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = scale * (2 * random.nextDouble() - 1);
        }
        return d;
    }

    /** A tensor of {@code dims} with values in [-1, 1) on {@code be}. */
    Tensor signed(Backend be, int... dims) {
        Shape s = Shape.of(dims);
        return be.fromArray(values(s.size(), 1.0), s, dtype);
    }

    /** Relative tolerance for results that went through a different order of rounding. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 2e-6;
    }

    /** Asserts equal shapes and dtypes and elements within tolerance of the largest expected magnitude. */
    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double largest = 1e-3;
        for (double v : e) {
            largest = Math.max(largest, Math.abs(v));
        }
        double tol = tolerance(expected.dtype()) * largest;
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol) && !(Double.isNaN(e[i]) && Double.isNaN(a[i]))
                    && e[i] != a[i]) {
                throw new AssertionError(what + ": element " + i + " of " + expected.shape() + " is " + a[i]
                        + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }

    /** {@link #assertClose(String, Tensor, Tensor)} on two lists, element by element. */
    static void assertAllClose(String what, List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size(), what + ": number of tensors");
        for (int i = 0; i < expected.size(); i++) {
            assertClose(what + " #" + i, expected.get(i), actual.get(i));
        }
    }
}
