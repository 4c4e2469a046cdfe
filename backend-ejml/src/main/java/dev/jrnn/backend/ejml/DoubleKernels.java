package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.CpuKernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ReshapeMatrix;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The FLOAT64 {@link Kernels}: EJML's {@code DMatrixRMaj}, loops over {@code double[]}, and the gate
 * math of {@link dev.jrnn.kernels}. {@link FloatKernels} mirrors it line by line.
 */
final class DoubleKernels extends Kernels {

    DoubleKernels(Gemm gemm, CpuKernels cpu) {
        super(gemm, cpu);
    }

    @Override
    ReshapeMatrix matrix(int rows, int cols) {
        return new DMatrixRMaj(rows, cols);
    }

    @Override
    ReshapeMatrix wrap(int rows, int cols, Object data) {
        return DMatrixRMaj.wrap(rows, cols, (double[]) data);
    }

    @Override
    Object data(ReshapeMatrix m) {
        return ((DMatrixRMaj) m).data;
    }

    @Override
    void gemm(ReshapeMatrix a, boolean ta, ReshapeMatrix b, boolean tb, ReshapeMatrix c, boolean add) {
        gemm.mult((DMatrixRMaj) a, ta, (DMatrixRMaj) b, tb, (DMatrixRMaj) c, add);
    }

    @Override
    PackedWeight pack(ReshapeMatrix b) {
        return new PackedWeight(b, null);
    }

    @Override
    void gemm(ReshapeMatrix a, PackedWeight b, ReshapeMatrix c, boolean add) {
        gemm(a, false, b.matrix(), false, c, add);
    }

    @Override
    ReshapeMatrix transposed(ReshapeMatrix m) {
        return CommonOps_DDRM.transpose((DMatrixRMaj) m, null);
    }

    @Override
    void addRowVector(Object xs, Object vs, int rows, int cols) {
        double[] x = (double[]) xs;
        double[] v = (double[]) vs;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                x[o + j] += v[j];
            }
        }
    }

    @Override
    void addRowVector(Object srcs, int srcOff, Object vs, Object dsts, int rows, int cols) {
        if (vs == null) {
            System.arraycopy(srcs, srcOff, dsts, 0, rows * cols);
            return;
        }
        double[] src = (double[]) srcs;
        double[] v = (double[]) vs;
        double[] dst = (double[]) dsts;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                dst[o + j] = src[srcOff + o + j] + v[j];
            }
        }
    }

    @Override
    void columnSums(Object xs, int rows, int cols, Object outs) {
        double[] x = (double[]) xs;
        double[] out = (double[]) outs;
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
        double[] dh = (double[]) dhs;
        double[] dOut = (double[]) dOuts;
        double[] dst = (double[]) dsts;
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
        cpu.lstm().forward(rows, h, (double[]) z, 0, null, 0, null, (double[]) c, cOff, (double[]) gates, gOff,
                (double[]) cNext, cnOff, (double[]) hNext, hnOff);
    }

    @Override
    void lstmBackward(Object dh, Object dc, Object gates, int gOff, Object c, int cOff, Object cNext, int cnOff,
                      Object dGates, Object dcPrev, int rows, int h) {
        cpu.lstm().backward(rows, h, (double[]) dh, 0, null, 0, (double[]) dc, 0, (double[]) gates, gOff,
                (double[]) c, cOff, (double[]) cNext, cnOff, (double[]) dGates, 0, (double[]) dcPrev, 0);
    }

    @Override
    void gruForward(Object p, int pOff, Object q, Object hPrev, Object gates, int gOff, Object hn, int hnOff,
                    Object hNext, int hOff, int rows, int h) {
        cpu.gru().forward(rows, h, (double[]) p, pOff, (double[]) q, 0, null, (double[]) hPrev, 0, (double[]) gates,
                gOff, (double[]) hn, hnOff, (double[]) hNext, hOff);
    }

    @Override
    void gruBackward(Object dh, Object gates, int gOff, Object hn, int hnOff, Object hPrev, int hpOff, Object dInput,
                     int diOff, Object dHidden, Object dhz, int rows, int h) {
        cpu.gru().backward(rows, h, (double[]) dh, 0, null, 0, (double[]) gates, gOff, (double[]) hn, hnOff,
                (double[]) hPrev, hpOff, (double[]) dInput, diOff, (double[]) dHidden, 0, (double[]) dhz, 0);
    }

    @Override
    void rnnForward(boolean relu, Object z, Object out, int outOff, int n) {
        cpu.rnn().forward(1, n, relu, (double[]) z, 0, null, 0, null, (double[]) out, outOff);
    }

    @Override
    void rnnBackward(boolean relu, Object dh, Object hNext, int hOff, Object dPre, int n) {
        cpu.rnn().backward(1, n, relu, (double[]) dh, 0, null, 0, (double[]) hNext, hOff, (double[]) dPre, 0);
    }
}
