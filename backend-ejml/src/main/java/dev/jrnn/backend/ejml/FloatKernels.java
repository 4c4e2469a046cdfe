package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.CpuKernels;
import dev.jrnn.kernels.Gru;
import dev.jrnn.kernels.Lstm;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.ReshapeMatrix;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The FLOAT32 {@link Kernels}: EJML's {@code FMatrixRMaj}, loops over {@code float[]}, and the gate
 * math of {@link dev.jrnn.kernels} (on the Vector API when the JVM has it). {@link DoubleKernels}
 * mirrors it line by line.
 */
final class FloatKernels extends Kernels {

    FloatKernels(Gemm gemm, CpuKernels cpu) {
        super(gemm, cpu);
    }

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
        gemm.mult((FMatrixRMaj) a, ta, (FMatrixRMaj) b, tb, (FMatrixRMaj) c, add);
    }

    @Override
    PackedWeight pack(ReshapeMatrix b) {
        FMatrixRMaj f = (FMatrixRMaj) b;
        return new PackedWeight(b, gemm.ops() == null ? null : gemm.ops().pack(f.data, f.numRows, f.numCols));
    }

    @Override
    void gemm(ReshapeMatrix a, PackedWeight b, ReshapeMatrix c, boolean add) {
        gemm.mult((FMatrixRMaj) a, b, (FMatrixRMaj) c, add);
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
            add(x, r * cols, v, 0, x, r * cols, cols);
        }
    }

    @Override
    void addRowVector(Object srcs, int srcOff, Object vs, Object dsts, int rows, int cols) {
        if (vs == null) {
            System.arraycopy(srcs, srcOff, dsts, 0, rows * cols);
            return;
        }
        float[] src = (float[]) srcs;
        float[] v = (float[]) vs;
        float[] dst = (float[]) dsts;
        for (int r = 0; r < rows; r++) {
            add(src, srcOff + r * cols, v, 0, dst, r * cols, cols);
        }
    }

    @Override
    void columnSums(Object xs, int rows, int cols, Object outs) {
        float[] x = (float[]) xs;
        float[] out = (float[]) outs;
        java.util.Arrays.fill(out, 0, cols, 0);
        for (int r = 0; r < rows; r++) {
            add(out, 0, x, r * cols, out, 0, cols);
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
                add(dh, s, dOut, outOff + s, dst, s, h);
            } else {
                java.util.Arrays.fill(dst, s, s + h, 0);
            }
        }
    }

    /** {@code out[oo + i] = a[ao + i] + b[bo + i]} for i in [0, n), on the Vector API where it is loaded. */
    private void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        VectorOps ops = gemm.ops();
        if (ops != null) {
            ops.add(a, ao, b, bo, out, oo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[oo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    void lstmForward(Object z, Object c, int cOff, Object gates, int gOff, Object cNext, int cnOff, Object hNext,
                     int hnOff, int rows, int h) {
        int w = 4 * h;
        Lstm lstm = cpu.lstm();
        gemm.parallel().rows(rows, h, (r, n) -> lstm.forward(n, h, (float[]) z, r * w, null, 0, null,
                (float[]) c, cOff + r * h, (float[]) gates, gOff + r * w, (float[]) cNext, cnOff + r * h,
                (float[]) hNext, hnOff + r * h));
    }

    @Override
    void lstmBackward(Object dh, Object dc, Object gates, int gOff, Object c, int cOff, Object cNext, int cnOff,
                      Object dGates, Object dcPrev, int rows, int h) {
        int w = 4 * h;
        Lstm lstm = cpu.lstm();
        gemm.parallel().rows(rows, h, (r, n) -> lstm.backward(n, h, (float[]) dh, r * h, null, 0, (float[]) dc,
                r * h, (float[]) gates, gOff + r * w, (float[]) c, cOff + r * h, (float[]) cNext, cnOff + r * h,
                (float[]) dGates, r * w, (float[]) dcPrev, r * h));
    }

    @Override
    void gruForward(Object p, int pOff, Object q, Object hPrev, Object gates, int gOff, Object hn, int hnOff,
                    Object hNext, int hOff, int rows, int h) {
        int w = 3 * h;
        Gru gru = cpu.gru();
        gemm.parallel().rows(rows, h, (r, n) -> gru.forward(n, h, (float[]) p, pOff + r * w, (float[]) q, r * w,
                null, (float[]) hPrev, r * h, (float[]) gates, gOff + r * w, (float[]) hn, hnOff + r * h,
                (float[]) hNext, hOff + r * h));
    }

    @Override
    void gruBackward(Object dh, Object gates, int gOff, Object hn, int hnOff, Object hPrev, int hpOff, Object dInput,
                     int diOff, Object dHidden, Object dhz, int rows, int h) {
        int w = 3 * h;
        Gru gru = cpu.gru();
        gemm.parallel().rows(rows, h, (r, n) -> gru.backward(n, h, (float[]) dh, r * h, null, 0, (float[]) gates,
                gOff + r * w, (float[]) hn, hnOff + r * h, (float[]) hPrev, hpOff + r * h, (float[]) dInput,
                diOff + r * w, (float[]) dHidden, r * w, (float[]) dhz, r * h));
    }

    @Override
    void rnnForward(boolean relu, Object z, Object out, int outOff, int n) {
        cpu.rnn().forward(1, n, relu, (float[]) z, 0, null, 0, null, (float[]) out, outOff);
    }

    @Override
    void rnnBackward(boolean relu, Object dh, Object hNext, int hOff, Object dPre, int n) {
        cpu.rnn().backward(1, n, relu, (float[]) dh, 0, null, 0, (float[]) hNext, hOff, (float[]) dPre, 0);
    }
}
