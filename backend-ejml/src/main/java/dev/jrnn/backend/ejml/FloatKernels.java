package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Gru;
import dev.jrnn.kernels.Lstm;
import dev.jrnn.kernels.Rnn;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.ReshapeMatrix;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The FLOAT32 {@link Kernels}: EJML's {@code FMatrixRMaj}, loops over {@code float[]}, and the gate
 * math of {@link dev.jrnn.kernels} (on the Vector API when the JVM has it). {@link DoubleKernels}
 * mirrors it line by line.
 */
final class FloatKernels extends Kernels {

    @Override
    ReshapeMatrix matrix(int rows, int cols) {
        return new FMatrixRMaj(rows, cols);
    }

    @Override
    ReshapeMatrix wrap(int rows, int cols, Object data) {
        return FMatrixRMaj.wrap(rows, cols, (float[]) data);
    }

    @Override
    Object data(ReshapeMatrix m) {
        return ((FMatrixRMaj) m).data;
    }

    @Override
    void gemm(ReshapeMatrix a, boolean ta, ReshapeMatrix b, boolean tb, ReshapeMatrix c, boolean add) {
        Gemm.mult((FMatrixRMaj) a, ta, (FMatrixRMaj) b, tb, (FMatrixRMaj) c, add);
    }

    @Override
    ReshapeMatrix transposed(ReshapeMatrix m) {
        return CommonOps_FDRM.transpose((FMatrixRMaj) m, null);
    }

    @Override
    void addRowVector(Object xs, Object vs, int rows, int cols) {
        float[] x = (float[]) xs;
        float[] v = (float[]) vs;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                x[o + j] += v[j];
            }
        }
    }

    @Override
    void columnSums(Object xs, int rows, int cols, Object outs) {
        float[] x = (float[]) xs;
        float[] out = (float[]) outs;
        java.util.Arrays.fill(out, 0, cols, 0);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += x[o + j];
            }
        }
    }

    @Override
    void stepGradient(Object dhs, Object dOuts, int outOff, boolean[] active, Object dsts, int rows, int h) {
        float[] dh = (float[]) dhs;
        float[] dOut = (float[]) dOuts;
        float[] dst = (float[]) dsts;
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            if (active == null || active[b]) {
                for (int j = 0; j < h; j++) {
                    dst[s + j] = dh[s + j] + dOut[outOff + s + j];
                }
            } else {
                java.util.Arrays.fill(dst, s, s + h, 0);
            }
        }
    }

    @Override
    void lstmForward(Object z, Object c, int cOff, Object gates, int gOff, Object cNext, int cnOff, Object hNext,
                     int hnOff, int rows, int h) {
        Lstm.forward(rows, h, (float[]) z, 0, null, 0, null, (float[]) c, cOff, (float[]) gates, gOff,
                (float[]) cNext, cnOff, (float[]) hNext, hnOff);
    }

    @Override
    void lstmBackward(Object dh, Object dc, Object gates, int gOff, Object c, int cOff, Object cNext, int cnOff,
                      Object dGates, Object dcPrev, int rows, int h) {
        Lstm.backward(rows, h, (float[]) dh, 0, null, 0, (float[]) dc, 0, (float[]) gates, gOff, (float[]) c, cOff,
                (float[]) cNext, cnOff, (float[]) dGates, 0, (float[]) dcPrev, 0);
    }

    @Override
    void gruForward(Object p, int pOff, Object q, Object hPrev, Object gates, int gOff, Object hn, int hnOff,
                    Object hNext, int hOff, int rows, int h) {
        Gru.forward(rows, h, (float[]) p, pOff, (float[]) q, 0, null, (float[]) hPrev, 0, (float[]) gates, gOff,
                (float[]) hn, hnOff, (float[]) hNext, hOff);
    }

    @Override
    void gruBackward(Object dh, Object gates, int gOff, Object hn, int hnOff, Object hPrev, int hpOff, Object dInput,
                     int diOff, Object dHidden, Object dhz, int rows, int h) {
        Gru.backward(rows, h, (float[]) dh, 0, null, 0, (float[]) gates, gOff, (float[]) hn, hnOff, (float[]) hPrev,
                hpOff, (float[]) dInput, diOff, (float[]) dHidden, 0, (float[]) dhz, 0);
    }

    @Override
    void rnnForward(boolean relu, Object z, Object out, int outOff, int n) {
        Rnn.forward(1, n, relu, (float[]) z, 0, null, 0, null, (float[]) out, outOff);
    }

    @Override
    void rnnBackward(boolean relu, Object dh, Object hNext, int hOff, Object dPre, int n) {
        Rnn.backward(1, n, relu, (float[]) dh, 0, null, 0, (float[]) hNext, hOff, (float[]) dPre, 0);
    }
}
