package dev.jrnn.backend.nd4j;

/**
 * The activations of the fused kernels, in double on the JIT's {@link Math#exp} intrinsic (the
 * JDK's {@code Math.tanh} is a slow library call): relative error below 1e-14.
 */
final class GateMath {
    private static final double SERIES_LIMIT = 0.05;

    private GateMath() {
    }

    /** {@code 1 / (1 + e^-x)}, without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * {@code tanh x = sign(x) (1 - 2 / (e^{2|x|} + 1))}; below |x| = 0.05 its Taylor series
     * {@code x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835 - 1382x^11/155925}, to avoid cancellation.
     */
    static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            double x2 = x * x;
            return x * (1.0 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835
                    + x2 * (-1382.0 / 155925))))));
        }
        double t = 1.0 - 2.0 / (Math.exp(2.0 * ax) + 1.0);
        return x < 0 ? -t : t;
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
