package dev.jrnn.kernels;

import java.nio.ByteBuffer;

/**
 * The GRU cell's elementwise work for a block of {@code rows} batch rows, gates in PyTorch's order
 * r, z, n. Gate blocks are rows of width 3H starting at their offset, state blocks rows of width H;
 * the recurrent bias {@code b_hh} is one row of width 3H. Optional operands are null. FLOAT32 runs
 * on the Vector API when {@link CpuKernels#vector()}, FLOAT64 on {@link Math}. Nothing is
 * allocated. The FLOAT32 kernels also run on byte buffers of floats in the platform's byte order (a
 * backend's native memory), offsets counted in floats.
 */
public final class Gru {
    private final FloatGates floats;

    Gru(FloatGates floats) {
        this.floats = floats;
    }

    /**
     * Gates and new state: with {@code q~ = q + bias} ({@code q = h W_hh^T}),
     * {@code r = sigmoid(p_r + q~_r)}, {@code z = sigmoid(p_z + q~_z)}, {@code n = tanh(p_n + r q~_n)},
     * {@code h' = n + z (h - n)}. Writes r, z, n to {@code gates} (which may be {@code q} at the same
     * offset), {@code q~_n} to {@code hn} and h' to {@code hNext}; modifies nothing else.
     */
    public void forward(int rows, int h, float[] p, int pOff, float[] q, int qOff, float[] bias, float[] hPrev,
                        int hpOff, float[] gates, int gOff, float[] hn, int hnOff, float[] hNext, int hOff) {
        floats.gruForward(rows, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext,
                hOff);
    }

    /** FLOAT64 {@link #forward(int, int, float[], int, float[], int, float[], float[], int, float[], int, float[], int, float[], int)}. */
    public void forward(int rows, int h, double[] p, int pOff, double[] q, int qOff, double[] bias,
                        double[] hPrev, int hpOff, double[] gates, int gOff, double[] hn, int hnOff,
                        double[] hNext, int hOff) {
        DoubleGates.gruForward(rows, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext, hOff);
    }

    /**
     * Gate gradients: with {@code dh~ = dh + dOut}, {@code dn = dh~ (1-z)(1-n^2)},
     * {@code dz = dh~ (h - n) z(1-z)}, {@code dr = dn hn r(1-r)}: writes {@code dIn = [dr, dz, dn]}
     * (the input projection's gradient), {@code dHid = [dr, dz, dn r]} (the recurrent GEMM's) and,
     * when not null, {@code dhz = dh~ z}, the direct part of {@code dh_prev = dHid W_hh + dh~ z}.
     */
    public void backward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] gates,
                         int gOff, float[] hn, int hnOff, float[] hPrev, int hpOff, float[] dIn, int diOff,
                         float[] dHid, int dhidOff, float[] dhz, int dhzOff) {
        floats.gruBackward(rows, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn,
                diOff, dHid, dhidOff, dhz, dhzOff);
    }

    /** FLOAT64 {@link #backward(int, int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int)}. */
    public void backward(int rows, int h, double[] dh, int dhOff, double[] dOut, int doOff, double[] gates,
                         int gOff, double[] hn, int hnOff, double[] hPrev, int hpOff, double[] dIn, int diOff,
                         double[] dHid, int dhidOff, double[] dhz, int dhzOff) {
        DoubleGates.gruBackward(rows, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn, diOff,
                dHid, dhidOff, dhz, dhzOff);
    }

    /**
     * {@link #forward(int, int, float[], int, float[], int, float[], float[], int, float[], int, float[], int, float[], int)}
     * on byte buffers of floats in the platform's byte order, offsets in floats.
     *
     * @throws IllegalArgumentException if a buffer is set to the other byte order
     */
    public void forward(int rows, int h, ByteBuffer p, int pOff, ByteBuffer q, int qOff, ByteBuffer bias,
                        ByteBuffer hPrev, int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff,
                        ByteBuffer hNext, int hOff) {
        NativeOrder.require("gru forward", p, q, bias, hPrev, gates, hn, hNext);
        floats.gruForward(rows, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext, hOff);
    }

    /**
     * {@link #backward(int, int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int)}
     * on byte buffers of floats in the platform's byte order, offsets in floats.
     *
     * @throws IllegalArgumentException if a buffer is set to the other byte order
     */
    public void backward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer gates,
                         int gOff, ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff, ByteBuffer dIn, int diOff,
                         ByteBuffer dHid, int dhidOff, ByteBuffer dhz, int dhzOff) {
        NativeOrder.require("gru backward", dh, dOut, gates, hn, hPrev, dIn, dHid, dhz);
        floats.gruBackward(rows, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn, diOff, dHid,
                dhidOff, dhz, dhzOff);
    }
}
