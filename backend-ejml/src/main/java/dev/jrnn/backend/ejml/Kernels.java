package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.CpuKernels;
import org.ejml.data.ReshapeMatrix;

/**
 * The dtype-specific inner loops of the fused recurrent ops, so that the drivers
 * ({@link FusedSteps}, {@link SequenceForwardKernel}, {@link SequenceBackwardKernel}) are written once.
 * Arrays are passed as {@code Object} ({@code float[]} or {@code double[]} matching the dtype) with
 * element offsets; each method casts once and runs one tight loop. Every gate array is [rows, G*H]
 * row-major, every state array [rows, H]. Outputs are written, inputs only read. The gate math runs
 * on the backend's shared CPU kernels ({@link CpuKernels}) with no extra operands: the bias is
 * already in z or q. The backend holds one instance per dtype ({@link EjmlBackend#kernels}).
 */
abstract class Kernels {
    final Gemm gemm;
    final CpuKernels cpu;

    Kernels(Gemm gemm, CpuKernels cpu) {
        this.gemm = gemm;
        this.cpu = cpu;
    }

    /** A zeroed rows-by-cols matrix. */
    abstract ReshapeMatrix matrix(int rows, int cols);

    /** A rows-by-cols matrix over {@code data} (not copied). */
    abstract ReshapeMatrix wrap(int rows, int cols, Object data);

    /** The storage array of a matrix of this dtype. */
    abstract Object data(ReshapeMatrix m);

    /** {@code c = op(a) op(b)}, or {@code c += op(a) op(b)} when {@code add}. */
    abstract void gemm(ReshapeMatrix a, boolean ta, ReshapeMatrix b, boolean tb, ReshapeMatrix c, boolean add);

    /** {@code b} prepared for many products {@link #gemm(ReshapeMatrix, PackedWeight, ReshapeMatrix, boolean)}. */
    abstract PackedWeight pack(ReshapeMatrix b);

    /** {@code c = a b}, or {@code c += a b} when {@code add}. */
    abstract void gemm(ReshapeMatrix a, PackedWeight b, ReshapeMatrix c, boolean add);

    /**
     * A transposed copy of {@code m}. EJML's {@code mult} streams rows of its right operand (an axpy
     * the JIT vectorizes) while {@code multTransB} takes dot products, so a weight used by many rows
     * or many steps is transposed once and multiplied without the flag.
     */
    abstract ReshapeMatrix transposed(ReshapeMatrix m);

    /** {@code x[r, j] += v[j]} for a [rows, cols] block of {@code x}. */
    abstract void addRowVector(Object x, Object v, int rows, int cols);

    /**
     * {@code dst[r, j] = src[srcOff + r cols + j] + v[j]} for a [rows, cols] block, or a copy of it when
     * {@code v} is null: one pass where a copy and then {@link #addRowVector} took two.
     */
    abstract void addRowVector(Object src, int srcOff, Object v, Object dst, int rows, int cols);

    /** {@code out[j] = sum_r x[r, j]}. */
    abstract void columnSums(Object x, int rows, int cols, Object out);

    /** {@code dst[b] = active[b] ? dh[b] + dOut[outOff + b] : 0} row by row; {@code active} null means all rows. */
    abstract void stepGradient(Object dh, Object dOut, int outOff, boolean[] active, Object dst, int rows, int h);

    /**
     * LSTM gate math on a pre-activation z [rows, 4H] (bias included):
     * {@code i, f, o = sigmoid}, {@code g = tanh}, {@code c' = f c + i g}, {@code h' = o tanh(c')}.
     */
    abstract void lstmForward(Object z, Object c, int cOff, Object gates, int gOff, Object cNext, int cnOff,
                              Object hNext, int hnOff, int rows, int h);

    /**
     * LSTM backward: {@code dc~ = dc + dh o (1 - tanh^2 c')}; {@code di = dc~ g i(1-i)},
     * {@code df = dc~ c f(1-f)}, {@code dg = dc~ i (1-g^2)}, {@code do = dh tanh(c') o(1-o)};
     * {@code dcPrev = dc~ f}. {@code dh}, {@code dc}, {@code dGates}, {@code dcPrev} start at 0.
     */
    abstract void lstmBackward(Object dh, Object dc, Object gates, int gOff, Object c, int cOff, Object cNext,
                               int cnOff, Object dGates, Object dcPrev, int rows, int h);

    /**
     * GRU gate math from the input projection p and the biased recurrent projection q [rows, 3H]:
     * {@code r = sigmoid(p_r + q_r)}, {@code z = sigmoid(p_z + q_z)}, {@code n = tanh(p_n + r q_n)},
     * {@code h' = n + z (h - n)}; writes the gates r, z, n, {@code q_n} and h'. q and h start at 0.
     */
    abstract void gruForward(Object p, int pOff, Object q, Object hPrev, Object gates, int gOff, Object hn,
                             int hnOff, Object hNext, int hOff, int rows, int h);

    /**
     * GRU backward: {@code dn = dh (1-z)(1-n^2)}, {@code dz = dh (h-n) z(1-z)}, {@code dr = dn q_n r(1-r)};
     * dInput = [dr, dz, dn], dHidden = [dr, dz, dn r], {@code dhz = dh z}. dh, dHidden, dhz start at 0.
     */
    abstract void gruBackward(Object dh, Object gates, int gOff, Object hn, int hnOff, Object hPrev, int hpOff,
                              Object dInput, int diOff, Object dHidden, Object dhz, int rows, int h);

    /** {@code out = relu(z)} or {@code tanh(z)} over n elements; z starts at 0. */
    abstract void rnnForward(boolean relu, Object z, Object out, int outOff, int n);

    /** {@code dPre = dh f'(h')} with {@code f'} = [h' > 0] (relu) or {@code 1 - h'^2} (tanh); dh, dPre start at 0. */
    abstract void rnnBackward(boolean relu, Object dh, Object hNext, int hOff, Object dPre, int n);
}
