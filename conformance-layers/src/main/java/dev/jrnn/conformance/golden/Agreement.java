package dev.jrnn.conformance.golden;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the comparisons of one golden run. A tensor agrees when every element satisfies
 * {@code |actual - expected| <= tol * max_i |expected_i|}, with {@code tol} 1e-9 for float64 and
 * 1e-4 for float32.
 */
final class Agreement {
    private final String caseName;
    private final DType dtype;
    private final double tolerance;
    private final List<String> problems = new ArrayList<>();
    private int compared;
    private double largestDifference;

    Agreement(String caseName, DType dtype) {
        this.caseName = caseName;
        this.dtype = dtype;
        this.tolerance = tolerance(dtype);
    }

    /** The relative tolerance of {@code dtype}. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
    }

    /** Compares {@code actual} with PyTorch's {@code expected} of {@code expectedShape}. */
    void compare(String what, Tensor actual, double[] expected, Shape expectedShape) {
        compared++;
        if (actual == null) {
            problems.add(what + ": jrnn computed nothing (expected " + expectedShape + ")");
            return;
        }
        if (actual.size() != expected.length || (!actual.shape().equals(expectedShape) && expectedShape.size() != 1)) {
            problems.add(what + ": shape " + actual.shape() + ", expected " + expectedShape);
            return;
        }
        double[] a = actual.toDoubleArray();
        double scale = 0.0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double bound = tolerance * (scale > 0.0 ? scale : 1.0);
        int worst = -1;
        double worstDiff = 0.0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs(a[i] - expected[i]);
            if (Double.isNaN(diff)) {
                problems.add(what + ": element " + i + " is " + a[i] + ", PyTorch has " + expected[i]);
                return;
            }
            if (diff > worstDiff) {
                worstDiff = diff;
                worst = i;
            }
        }
        largestDifference = Math.max(largestDifference, worstDiff);
        if (worst >= 0 && worstDiff > bound) {
            problems.add(String.format("%s: element %d is %.17g, PyTorch has %.17g (|diff| %.3g > %.0e x %.3g)",
                    what, worst, a[worst], expected[worst], worstDiff, tolerance, scale));
        }
    }

    /** Records a problem found outside a comparison. */
    void problem(String message) {
        problems.add(message);
    }

    /** Number of tensors compared so far. */
    int compared() {
        return compared;
    }

    /** The largest |actual - expected| of any element compared so far. */
    double largestDifference() {
        return largestDifference;
    }

    /** Throws an {@link AssertionError} listing every disagreement, if any. */
    void assertAgrees() {
        if (!problems.isEmpty()) {
            throw new AssertionError(caseName + " in " + dtype + " disagrees with PyTorch on " + problems.size()
                    + " of " + compared + " tensors:\n  " + String.join("\n  ", problems));
        }
    }
}
