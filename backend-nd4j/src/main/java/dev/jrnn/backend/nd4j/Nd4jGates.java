package dev.jrnn.backend.nd4j;

import dev.jrnn.kernels.CpuKernels;
import dev.jrnn.kernels.Gru;
import dev.jrnn.kernels.Lstm;
import dev.jrnn.kernels.Rnn;
import java.util.Arrays;

/**
 * The fused gate math of {@code jrnn-cpu-kernels} ({@link Lstm}, {@link Gru}, {@link Rnn}; their
 * Javadoc has the formulas) on the scratch arrays of {@link Buf#scratch}: {@code float[]} for
 * FLOAT32, {@code double[]} for FLOAT64, each holding a whole batch in rows of width G*H (gate
 * blocks) or H (states). Each call works on rows {@code [from, from + rows)}, so that disjoint row
 * ranges can run on different threads. Optional operands are null. Also the row fix-ups for masked
 * (variable-length) batches.
 */
final class Nd4jGates {
    private final Lstm lstm;
    private final Gru gru;
    private final Rnn rnn;

    /** The gate math of {@code cpu}, the backend's CPU kernels. */
    Nd4jGates(CpuKernels cpu) {
        this.lstm = cpu.lstm();
        this.gru = cpu.gru();
        this.rnn = cpu.rnn();
    }

    void lstmForward(int from, int rows, int h, Object z, Object p, Object bias, Object c, Object cNext,
                            Object hNext) {
        int g = from * 4 * h;
        int s = from * h;
        if (z instanceof float[] f) {
            lstm.forward(rows, h, f, g, (float[]) p, g, (float[]) bias, (float[]) c, s, f, g, (float[]) cNext, s,
                    (float[]) hNext, s);
        } else {
            double[] d = (double[]) z;
            lstm.forward(rows, h, d, g, (double[]) p, g, (double[]) bias, (double[]) c, s, d, g, (double[]) cNext, s,
                    (double[]) hNext, s);
        }
    }

    void lstmBackward(int from, int rows, int h, Object dh, Object dOut, Object dc, Object gates, Object c,
                             Object cNext, Object dGates, Object dcPrev) {
        int g = from * 4 * h;
        int s = from * h;
        if (dh instanceof float[] f) {
            lstm.backward(rows, h, f, s, (float[]) dOut, s, (float[]) dc, s, (float[]) gates, g, (float[]) c, s,
                    (float[]) cNext, s, (float[]) dGates, g, (float[]) dcPrev, s);
        } else {
            lstm.backward(rows, h, (double[]) dh, s, (double[]) dOut, s, (double[]) dc, s, (double[]) gates, g,
                    (double[]) c, s, (double[]) cNext, s, (double[]) dGates, g, (double[]) dcPrev, s);
        }
    }

    void gruForward(int from, int rows, int h, Object p, Object q, Object bias, Object hPrev, Object hn,
                           Object hNext) {
        int g = from * 3 * h;
        int s = from * h;
        if (q instanceof float[] f) {
            gru.forward(rows, h, (float[]) p, g, f, g, (float[]) bias, (float[]) hPrev, s, f, g, (float[]) hn, s,
                    (float[]) hNext, s);
        } else {
            double[] d = (double[]) q;
            gru.forward(rows, h, (double[]) p, g, d, g, (double[]) bias, (double[]) hPrev, s, d, g, (double[]) hn, s,
                    (double[]) hNext, s);
        }
    }

    void gruBackward(int from, int rows, int h, Object dh, Object dOut, Object gates, Object hn, Object hPrev,
                            Object dIn, Object dHid, Object dhz) {
        int g = from * 3 * h;
        int s = from * h;
        if (dh instanceof float[] f) {
            gru.backward(rows, h, f, s, (float[]) dOut, s, (float[]) gates, g, (float[]) hn, s, (float[]) hPrev, s,
                    (float[]) dIn, g, (float[]) dHid, g, (float[]) dhz, s);
        } else {
            gru.backward(rows, h, (double[]) dh, s, (double[]) dOut, s, (double[]) gates, g, (double[]) hn, s,
                    (double[]) hPrev, s, (double[]) dIn, g, (double[]) dHid, g, (double[]) dhz, s);
        }
    }

    void rnnForward(int from, int rows, int h, boolean relu, Object z, Object p, Object bias, Object hNext) {
        int s = from * h;
        if (z instanceof float[] f) {
            rnn.forward(rows, h, relu, f, s, (float[]) p, s, (float[]) bias, (float[]) hNext, s);
        } else {
            rnn.forward(rows, h, relu, (double[]) z, s, (double[]) p, s, (double[]) bias, (double[]) hNext, s);
        }
    }

    void rnnBackward(int from, int rows, int h, boolean relu, Object dh, Object dOut, Object hNext,
                            Object dPre) {
        int s = from * h;
        if (dh instanceof float[] f) {
            rnn.backward(rows, h, relu, f, s, (float[]) dOut, s, (float[]) hNext, s, (float[]) dPre, s);
        } else {
            rnn.backward(rows, h, relu, (double[]) dh, s, (double[]) dOut, s, (double[]) hNext, s, (double[]) dPre, s);
        }
    }

    /** Copies the rows in {@code [from, from + rows)} (of {@code width}) that do not run from {@code src} to {@code dst}. */
    static void carryRows(boolean[] on, int from, int rows, Object src, Object dst, int width) {
        if (on == null) {
            return;
        }
        for (int b = from; b < from + rows; b++) {
            if (!on[b]) {
                System.arraycopy(src, b * width, dst, b * width, width);
            }
        }
    }

    /**
     * Zeroes, for each row {@code b} in {@code [from, from + rows)} that does not run, the {@code width}
     * elements of {@code dst} at {@code off + (b - from) * width}.
     */
    static void zeroRows(boolean[] on, int from, int rows, Object dst, int off, int width) {
        if (on == null) {
            return;
        }
        for (int b = from; b < from + rows; b++) {
            if (!on[b]) {
                int at = off + (b - from) * width;
                if (dst instanceof float[] f) {
                    Arrays.fill(f, at, at + width, 0f);
                } else {
                    Arrays.fill((double[]) dst, at, at + width, 0.0);
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
