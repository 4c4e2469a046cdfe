package dev.jrnn.kernels;

/**
 * The scalar activations, in double on the JIT's {@link Math#exp} intrinsic (the JDK's
 * {@code Math.tanh} is a slow library call), absolute error below 1e-15; the float overloads compute
 * in double and round once.
 */
public final class Activations {
    private Activations() {
    }

    /** {@code 1 / (1 + e^-x)}, as {@code e^x / (1 + e^x)} for negative x so that nothing overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code tanh x = 1 - 2 / (e^{2x} + 1)}, exact at the limits (e^{2x} = 0 or infinity). */
    public static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    /** {@link #sigmoid(double)} rounded to float. */
    public static float sigmoid(float x) {
        return (float) sigmoid((double) x);
    }

    /** {@link #tanh(double)} rounded to float. */
    public static float tanh(float x) {
        return (float) tanh((double) x);
    }
}
