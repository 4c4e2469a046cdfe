package dev.jrnn.kernels;

/**
 * The Elman RNN cell's elementwise work for a block of {@code rows} batch rows of width H, with
 * activation tanh or relu. Optional operands are null. FLOAT32 runs on the Vector API when
 * {@link VectorSupport#enabled()}, FLOAT64 on {@link Math}. Nothing is allocated.
 */
public final class Rnn {
    private Rnn() {
    }

    /**
     * {@code h' = act(z + p + bias)} written to {@code hNext} (which may be {@code z} at the same
     * offset); modifies hNext only.
     */
    public static void forward(int rows, int h, boolean relu, float[] z, int zOff, float[] p, int pOff, float[] bias,
                               float[] hNext, int hnOff) {
        VectorSupport.FLOATS.rnnForward(rows, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
    }

    /** FLOAT64 {@link #forward(int, int, boolean, float[], int, float[], int, float[], float[], int)}. */
    public static void forward(int rows, int h, boolean relu, double[] z, int zOff, double[] p, int pOff,
                               double[] bias, double[] hNext, int hnOff) {
        DoubleGates.rnnForward(rows, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
    }

    /**
     * {@code dPre = (dh + dOut) act'(h')} with {@code act' = [h' > 0]} for relu and {@code 1 - h'^2}
     * for tanh; modifies dPre only (it may be {@code dh} at the same offset).
     */
    public static void backward(int rows, int h, boolean relu, float[] dh, int dhOff, float[] dOut, int doOff,
                                float[] hNext, int hnOff, float[] dPre, int dpOff) {
        VectorSupport.FLOATS.rnnBackward(rows, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
    }

    /** FLOAT64 {@link #backward(int, int, boolean, float[], int, float[], int, float[], int, float[], int)}. */
    public static void backward(int rows, int h, boolean relu, double[] dh, int dhOff, double[] dOut, int doOff,
                                double[] hNext, int hnOff, double[] dPre, int dpOff) {
        DoubleGates.rnnBackward(rows, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
    }
}
