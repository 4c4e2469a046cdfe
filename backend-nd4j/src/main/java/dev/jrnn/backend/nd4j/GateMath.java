package dev.jrnn.backend.nd4j;

/**
 * The activations of the fused kernels, in double on the JIT's {@link Math#exp} intrinsic (the
 * JDK's {@code Math.tanh} is a slow library call) and without branches, which random signs would
 * mispredict: absolute error below 1e-15.
 */
final class GateMath {
    private GateMath() {
    }

    /** {@code 1 / (1 + e^-x)}; e^-x overflowing to infinity gives the limit 0. */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** {@code tanh x = 1 - 2 / (e^{2x} + 1)}, exact at the limits (e^{2x} = 0 or infinity). */
    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    /** Whether row {@code b} runs at this step: no mask, or its flag set. */
    static boolean runs(boolean[] on, int b) {
        return on == null || on[b];
    }

    /** Element {@code i} of an optional buffer, 0 when there is none. */
    static double getOr0(Buf buf, int i) {
        return buf == null ? 0.0 : buf.get(i);
    }

    /** Copies the rows that do not run this step from {@code from} to {@code to} (carried state). */
    static void carry(int batch, int hs, boolean[] on, Buf to, int toOff, Buf from, int fromOff) {
        if (on == null) {
            return;
        }
        for (int b = 0; b < batch; b++) {
            if (!on[b]) {
                to.copy(toOff + b * hs, from, fromOff + b * hs, hs);
            }
        }
    }
}
