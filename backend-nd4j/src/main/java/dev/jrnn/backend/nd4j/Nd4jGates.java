package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.Gru;
import dev.jrnn.kernels.Lstm;
import dev.jrnn.kernels.Rnn;
import java.util.Arrays;

/**
 * The fused gate math of {@code jrnn-cpu-kernels} ({@link Lstm}, {@link Gru}, {@link Rnn}; their
 * Javadoc has the formulas) on the scratch arrays of {@link Buf#scratch}: {@code float[]} for
 * FLOAT32, {@code double[]} for FLOAT64, every block from index 0, {@code rows} rows of width G*H or H.
 * Optional operands are null. Also the row fix-ups for masked (variable-length) batches.
 */
final class Nd4jGates {
    private Nd4jGates() {
    }

    static void lstmForward(int rows, int h, Object z, Object p, Object bias, Object c, Object cNext, Object hNext) {
        if (z instanceof float[] f) {
            Lstm.forward(rows, h, f, 0, (float[]) p, 0, (float[]) bias, (float[]) c, 0, f, 0, (float[]) cNext, 0,
                    (float[]) hNext, 0);
        } else {
            double[] d = (double[]) z;
            Lstm.forward(rows, h, d, 0, (double[]) p, 0, (double[]) bias, (double[]) c, 0, d, 0, (double[]) cNext, 0,
                    (double[]) hNext, 0);
        }
    }

    static void lstmBackward(int rows, int h, Object dh, Object dOut, Object dc, Object gates, Object c, Object cNext,
                             Object dGates, Object dcPrev) {
        if (dh instanceof float[] f) {
            Lstm.backward(rows, h, f, 0, (float[]) dOut, 0, (float[]) dc, 0, (float[]) gates, 0, (float[]) c, 0,
                    (float[]) cNext, 0, (float[]) dGates, 0, (float[]) dcPrev, 0);
        } else {
            Lstm.backward(rows, h, (double[]) dh, 0, (double[]) dOut, 0, (double[]) dc, 0, (double[]) gates, 0,
                    (double[]) c, 0, (double[]) cNext, 0, (double[]) dGates, 0, (double[]) dcPrev, 0);
        }
    }

    static void gruForward(int rows, int h, Object p, Object q, Object bias, Object hPrev, Object hn, Object hNext) {
        if (q instanceof float[] f) {
            Gru.forward(rows, h, (float[]) p, 0, f, 0, (float[]) bias, (float[]) hPrev, 0, f, 0, (float[]) hn, 0,
                    (float[]) hNext, 0);
        } else {
            double[] d = (double[]) q;
            Gru.forward(rows, h, (double[]) p, 0, d, 0, (double[]) bias, (double[]) hPrev, 0, d, 0, (double[]) hn, 0,
                    (double[]) hNext, 0);
        }
    }

    static void gruBackward(int rows, int h, Object dh, Object dOut, Object gates, Object hn, Object hPrev, Object dIn,
                            Object dHid, Object dhz) {
        if (dh instanceof float[] f) {
            Gru.backward(rows, h, f, 0, (float[]) dOut, 0, (float[]) gates, 0, (float[]) hn, 0, (float[]) hPrev, 0,
                    (float[]) dIn, 0, (float[]) dHid, 0, (float[]) dhz, 0);
        } else {
            Gru.backward(rows, h, (double[]) dh, 0, (double[]) dOut, 0, (double[]) gates, 0, (double[]) hn, 0,
                    (double[]) hPrev, 0, (double[]) dIn, 0, (double[]) dHid, 0, (double[]) dhz, 0);
        }
    }

    static void rnnForward(int rows, int h, boolean relu, Object z, Object p, Object bias, Object hNext) {
        if (z instanceof float[] f) {
            Rnn.forward(rows, h, relu, f, 0, (float[]) p, 0, (float[]) bias, (float[]) hNext, 0);
        } else {
            Rnn.forward(rows, h, relu, (double[]) z, 0, (double[]) p, 0, (double[]) bias, (double[]) hNext, 0);
        }
    }

    static void rnnBackward(int rows, int h, boolean relu, Object dh, Object dOut, Object hNext, Object dPre) {
        if (dh instanceof float[] f) {
            Rnn.backward(rows, h, relu, f, 0, (float[]) dOut, 0, (float[]) hNext, 0, (float[]) dPre, 0);
        } else {
            Rnn.backward(rows, h, relu, (double[]) dh, 0, (double[]) dOut, 0, (double[]) hNext, 0, (double[]) dPre, 0);
        }
    }

    /** Whether row {@code b} runs at this step: no mask, or its flag set. */
    static boolean runs(boolean[] on, int b) {
        return on == null || on[b];
    }

    /** Copies the rows (of {@code width}) that do not run from {@code src} to {@code dst}. */
    static void carryRows(boolean[] on, Object src, Object dst, int width) {
        if (on == null) {
            return;
        }
        for (int b = 0; b < on.length; b++) {
            if (!on[b]) {
                System.arraycopy(src, b * width, dst, b * width, width);
            }
        }
    }

    /** Sets the rows (of {@code width}) that do not run in {@code dst} to zero. */
    static void zeroRows(boolean[] on, Object dst, int width) {
        if (on == null) {
            return;
        }
        for (int b = 0; b < on.length; b++) {
            if (!on[b]) {
                if (dst instanceof float[] f) {
                    Arrays.fill(f, b * width, (b + 1) * width, 0f);
                } else {
                    Arrays.fill((double[]) dst, b * width, (b + 1) * width, 0.0);
                }
            }
        }
    }

    /** Sets {@code on[b] = t < lengths[b]}; nothing when {@code on} is null (no lengths). */
    static void mask(boolean[] on, int[] lengths, int t) {
        if (on != null) {
            for (int b = 0; b < on.length; b++) {
                on[b] = t < lengths[b];
            }
        }
    }
}
