package dev.jrnn.kernels;

import java.nio.ByteBuffer;

/**
 * The LSTM cell's elementwise work for a block of {@code rows} batch rows, gates in PyTorch's order
 * i, f, g, o. Gate blocks are rows of width 4H starting at their offset ({@code [rows, 4H]}
 * row-major), state blocks rows of width H ({@code [rows, H]}); a bias is one row of width 4H added
 * to every row. Optional operands are null. FLOAT32 runs on the Vector API when
 * {@link CpuKernels#vector()} (a few ulp from the double reference), FLOAT64 on {@link Math}.
 * Nothing is allocated. The FLOAT32 kernels also run on byte buffers of floats in the platform's
 * byte order (a backend's native memory), offsets counted in floats.
 */
public final class Lstm {
    private final FloatGates floats;

    Lstm(FloatGates floats) {
        this.floats = floats;
    }

    /**
     * Gates and new state: {@code a = z + p + bias}; {@code i = sigmoid(a_i)}, {@code f = sigmoid(a_f)},
     * {@code g = tanh(a_g)}, {@code o = sigmoid(a_o)} written to {@code gates} (which may be {@code z}
     * at the same offset); {@code c' = f c + i g} to {@code cNext}; {@code h' = o tanh(c')} to
     * {@code hNext}. Modifies gates, cNext and hNext only.
     */
    public void forward(int rows, int h, float[] z, int zOff, float[] p, int pOff, float[] bias, float[] c,
                        int cOff, float[] gates, int gOff, float[] cNext, int cnOff, float[] hNext, int hnOff) {
        floats.lstmForward(rows, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext,
                hnOff);
    }

    /** FLOAT64 {@link #forward(int, int, float[], int, float[], int, float[], float[], int, float[], int, float[], int, float[], int)}. */
    public void forward(int rows, int h, double[] z, int zOff, double[] p, int pOff, double[] bias, double[] c,
                        int cOff, double[] gates, int gOff, double[] cNext, int cnOff, double[] hNext,
                        int hnOff) {
        DoubleGates.lstmForward(rows, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext, hnOff);
    }

    /**
     * Gate gradients: with {@code dh~ = dh + dOut}, {@code tc = tanh(c')},
     * {@code dc~ = dc + dh~ o (1 - tc^2)}: {@code di = dc~ g i(1-i)}, {@code df = dc~ c f(1-f)},
     * {@code dg = dc~ i (1-g^2)}, {@code do = dh~ tc o(1-o)} written to {@code dGates};
     * {@code dcPrev = dc~ f} (it may be {@code dc} at the same offset). {@code c} is the state the
     * step started from, {@code cNext} the one it produced. Modifies dGates and dcPrev only.
     */
    public void backward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] dc,
                         int dcOff, float[] gates, int gOff, float[] c, int cOff, float[] cNext, int cnOff,
                         float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        floats.lstmBackward(rows, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext,
                cnOff, dGates, dgOff, dcPrev, dcpOff);
    }

    /** FLOAT64 {@link #backward(int, int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int)}. */
    public void backward(int rows, int h, double[] dh, int dhOff, double[] dOut, int doOff, double[] dc,
                         int dcOff, double[] gates, int gOff, double[] c, int cOff, double[] cNext, int cnOff,
                         double[] dGates, int dgOff, double[] dcPrev, int dcpOff) {
        DoubleGates.lstmBackward(rows, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext, cnOff,
                dGates, dgOff, dcPrev, dcpOff);
    }

    /**
     * {@link #forward(int, int, float[], int, float[], int, float[], float[], int, float[], int, float[], int, float[], int)}
     * on byte buffers of floats in the platform's byte order, offsets in floats.
     *
     * @throws IllegalArgumentException if a buffer is set to the other byte order
     */
    public void forward(int rows, int h, ByteBuffer z, int zOff, ByteBuffer p, int pOff, ByteBuffer bias,
                        ByteBuffer c, int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext, int cnOff,
                        ByteBuffer hNext, int hnOff) {
        NativeOrder.require("lstm forward", z, p, bias, c, gates, cNext, hNext);
        floats.lstmForward(rows, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext, hnOff);
    }

    /**
     * {@link #backward(int, int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int, float[], int)}
     * on byte buffers of floats in the platform's byte order, offsets in floats.
     *
     * @throws IllegalArgumentException if a buffer is set to the other byte order
     */
    public void backward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer dc,
                         int dcOff, ByteBuffer gates, int gOff, ByteBuffer c, int cOff, ByteBuffer cNext, int cnOff,
                         ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff) {
        NativeOrder.require("lstm backward", dh, dOut, dc, gates, c, cNext, dGates, dcPrev);
        floats.lstmBackward(rows, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext, cnOff, dGates,
                dgOff, dcPrev, dcpOff);
    }
}
