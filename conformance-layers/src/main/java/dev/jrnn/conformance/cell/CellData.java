package dev.jrnn.conformance.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.util.SplittableRandom;

/** Seeded test data and the labelled comparisons of the cell kit. */
final class CellData {
    private CellData() {
    }

    /** {@code count} values drawn from U(-1, 1) with {@code seed}, rounded to float for FLOAT32. */
    static double[] random(int count, long seed, DType dtype) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            double v = random.nextDouble(-1.0, 1.0);
            data[i] = dtype == DType.FLOAT32 ? (float) v : v;
        }
        return data;
    }

    /**
     * Fails unless every element satisfies {@code |actual - expected| <= tolerance * max(1, |expected|)},
     * naming {@code what}, the first element outside and its index in {@code shape}.
     */
    static void assertClose(String what, double[] expected, double[] actual, Shape shape, double tolerance) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " elements, expected " + expected.length
                    + " (shape " + shape + ")");
        }
        for (int i = 0; i < expected.length; i++) {
            double bound = tolerance * Math.max(1.0, Math.abs(expected[i]));
            double diff = Math.abs(actual[i] - expected[i]);
            if (!(diff <= bound)) {
                throw new AssertionError(String.format("%s: element %s is %.9g, expected %.9g (|diff| %.3g > %.1e)",
                        what, index(shape, i), actual[i], expected[i], diff, bound));
            }
        }
    }

    /** {@link #assertClose} for a tensor, which must also have {@code shape}. */
    static void assertClose(String what, double[] expected, Tensor actual, Shape shape, double tolerance) {
        if (!actual.shape().equals(shape)) {
            throw new AssertionError(what + ": shape " + actual.shape() + ", expected " + shape);
        }
        assertClose(what, expected, actual.toDoubleArray(), shape, tolerance);
    }

    /** The multi-index of flat element {@code flat} of {@code shape}, as {@code [t, b, j]}. */
    static String index(Shape shape, int flat) {
        int[] dims = shape.dims();
        int[] at = new int[dims.length];
        int rest = flat;
        for (int k = dims.length - 1; k >= 0; k--) {
            at[k] = dims[k] == 0 ? 0 : rest % dims[k];
            rest = dims[k] == 0 ? rest : rest / dims[k];
        }
        return java.util.Arrays.toString(at);
    }
}
