package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.function.Executable;

/**
 * Comparisons with tolerances and messages that say where and by how much two tensors differ.
 *
 * <p>Tolerance: {@code |expected - actual| <= rel * max(1e-3, max|expected|)} with {@code rel}
 * 1e-12 for FLOAT64 and 1e-5 for FLOAT32; non-finite values must match exactly.
 */
public final class KitAssertions {
    private KitAssertions() {
    }

    /** Relative tolerance of a dtype. */
    public static double relativeTolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** Asserts {@code actual} has {@code expected}'s shape and dtype and values within tolerance. */
    public static void assertClose(String what, Tensor expected, Tensor actual) {
        if (actual == null) {
            throw new AssertionError(what + ": result is null");
        }
        if (!expected.shape().equals(actual.shape())) {
            throw new AssertionError(what + ": shape differs: expected " + expected.shape() + ", actual " + actual.shape());
        }
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + ": dtype differs: expected " + expected.dtype() + ", actual " + actual.dtype());
        }
        assertClose(what, expected.toDoubleArray(), actual.toDoubleArray(), expected, relativeTolerance(expected.dtype()));
    }

    /** Pairwise {@link #assertClose(String, Tensor, Tensor)} of two lists naming each part. */
    public static void assertAllClose(String what, List<String> names, List<Tensor> expected, List<Tensor> actual) {
        if (expected.size() != actual.size()) {
            throw new AssertionError(what + ": expected " + expected.size() + " tensors, got " + actual.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            assertClose(what + " " + names.get(i), expected.get(i), actual.get(i));
        }
    }

    private static void assertClose(String what, double[] e, double[] a, Tensor shape, double rel) {
        double largest = 0.0;
        for (double v : e) {
            if (Double.isFinite(v)) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        double tol = rel * Math.max(1e-3, largest);
        int bad = 0;
        int worst = -1;
        double worstDiff = -1;
        for (int i = 0; i < e.length; i++) {
            double diff = Double.isFinite(e[i]) || Double.isFinite(a[i])
                    ? Math.abs(e[i] - a[i]) : (Double.compare(e[i], a[i]) == 0 ? 0.0 : Double.POSITIVE_INFINITY);
            if (!(diff <= tol)) {
                bad++;
                if (!(diff <= worstDiff)) {
                    worstDiff = diff;
                    worst = i;
                }
            }
        }
        if (bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s (%s%s): %d of %d elements differ by more than %.3g (%.0e relative to largest magnitude %.4g);"
                            + " worst at %s: expected %.17g, actual %.17g, difference %.3g",
                    what, shape.dtype(), shape.shape(), bad, e.length, tol, rel, largest, index(shape, worst),
                    e[worst], a[worst], worstDiff));
        }
    }

    /** The multi-index of flat position {@code i}, for messages. */
    private static String index(Tensor t, int i) {
        int[] strides = t.shape().strides();
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < strides.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(i / strides[k]);
            i %= strides[k];
        }
        return sb.append(']').toString();
    }

    /**
     * Asserts {@code call} throws an {@link IllegalArgumentException} whose message contains one of
     * {@code names} (case-insensitive), so a user can tell which op refused the input.
     */
    public static IllegalArgumentException assertRejected(Executable call, String... names) {
        try {
            call.execute();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (message.contains(n.toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw new AssertionError("the message of the IllegalArgumentException names none of "
                    + List.of(names) + ": " + e.getMessage(), e);
        } catch (Throwable t) {
            throw new AssertionError("expected an IllegalArgumentException naming one of " + List.of(names)
                    + ", got " + t, t);
        }
        throw new AssertionError("expected an IllegalArgumentException naming one of " + List.of(names)
                + ", nothing was thrown");
    }
}
