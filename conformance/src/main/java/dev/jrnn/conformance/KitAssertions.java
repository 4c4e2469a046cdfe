package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.function.Executable;

/**
 * Comparisons with tolerances and messages that say what was compared, where and by how much two
 * tensors differ.
 *
 * <p>{@link #assertClose}: {@code |expected - actual| <= rel * max(1e-3, max|expected|)}, the
 * largest magnitude taken over the finite expected values, with {@code rel} the backend's tolerance
 * (by default {@link #relativeTolerance}: 1e-12 for FLOAT64, 1e-5 for FLOAT32).
 * {@link #assertElementwiseClose}: {@code |expected - actual| <= rel * max(|expected|, floor)} for
 * each element, for tensors whose magnitudes span many decades. In both, a non-finite value must be
 * matched exactly: NaN by any NaN, an infinity by the same infinity. Zeros of either sign are equal.
 */
public final class KitAssertions {
    private KitAssertions() {
    }

    /** The default relative tolerance of a dtype. */
    public static double relativeTolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /**
     * The magnitude below which {@link #assertElementwiseClose} compares absolutely: far below any
     * value a model computes, far above the subnormals a flush-to-zero unit may drop.
     */
    public static double magnitudeFloor(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-290 : 1e-30;
    }

    /** {@link #assertClose(String, Tensor, Tensor, double)} at the default tolerance of the dtype. */
    public static void assertClose(String what, Tensor expected, Tensor actual) {
        assertClose(what, expected, actual, relativeTolerance(expected.dtype()));
    }

    /** Asserts {@code actual} has {@code expected}'s shape and dtype and values within {@code rel}. */
    public static void assertClose(String what, Tensor expected, Tensor actual, double rel) {
        assertSameLayout(what, expected, actual);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double largest = 0.0;
        for (double v : e) {
            if (Double.isFinite(v)) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        double tol = rel * Math.max(1e-3, largest);
        Mismatch m = new Mismatch();
        for (int i = 0; i < e.length; i++) {
            m.check(i, e[i], a[i], tol);
        }
        if (m.bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s (%s%s): %d of %d elements differ by more than %.3g (%.0e relative to largest magnitude %.4g);"
                            + " worst at %s: expected %.17g, actual %.17g, difference %.3g",
                    what, expected.dtype(), expected.shape(), m.bad, e.length, tol, rel, largest,
                    index(expected, m.worst), e[m.worst], a[m.worst], m.worstDiff));
        }
    }

    /**
     * Asserts {@code actual} has {@code expected}'s shape and dtype and that each element is within
     * {@code rel} of its own magnitude (at least {@link #magnitudeFloor}); non-finite values exactly.
     */
    public static void assertElementwiseClose(String what, Tensor expected, Tensor actual, double rel) {
        assertSameLayout(what, expected, actual);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double floor = magnitudeFloor(expected.dtype());
        Mismatch m = new Mismatch();
        for (int i = 0; i < e.length; i++) {
            m.check(i, e[i], a[i], rel * Math.max(Math.abs(e[i]), floor));
        }
        if (m.bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s (%s%s): %d of %d elements differ by more than %.0e of their magnitude;"
                            + " worst at %s: expected %.17g, actual %.17g",
                    what, expected.dtype(), expected.shape(), m.bad, e.length, rel, index(expected, m.worst),
                    e[m.worst], a[m.worst]));
        }
    }

    /**
     * Asserts {@code actual} holds exactly {@code expected}'s values, bit for bit (the sign of zero
     * included; any NaN matches any NaN): for copies, which must not round or flush anything.
     */
    public static void assertSameValues(String what, Tensor expected, Tensor actual) {
        assertSameLayout(what, expected, actual);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s (%s%s): %d of %d elements are not copied exactly; first at %s: expected %s, actual %s",
                    what, expected.dtype(), expected.shape(), bad, e.length, index(expected, first), e[first],
                    a[first]));
        }
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

    private static void assertSameLayout(String what, Tensor expected, Tensor actual) {
        if (actual == null) {
            throw new AssertionError(what + ": result is null");
        }
        if (!expected.shape().equals(actual.shape())) {
            throw new AssertionError(what + ": shape differs: expected " + expected.shape() + ", actual " + actual.shape());
        }
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + ": dtype differs: expected " + expected.dtype() + ", actual " + actual.dtype());
        }
    }

    /** Counts the elements out of tolerance and remembers the worst. */
    private static final class Mismatch {
        int bad;
        int worst = -1;
        double worstDiff = -1;

        void check(int i, double e, double a, double tol) {
            boolean finite = Double.isFinite(e) && Double.isFinite(a);
            double diff = finite ? Math.abs(e - a) : (Double.compare(e, a) == 0 ? 0.0 : Double.POSITIVE_INFINITY);
            if (finite ? !(diff <= tol) : diff > 0) {
                bad++;
                if (!(diff <= worstDiff)) {
                    worstDiff = diff;
                    worst = i;
                }
            }
        }
    }

    /** The multi-index of flat position {@code i}, for messages. */
    static String index(Tensor t, int i) {
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
