package dev.jrnn.kernels;

/**
 * The Elman RNN cell's elementwise work for a block of {@code rows} batch rows of width H, with
 * activation tanh or relu. Optional operands are null. FLOAT32 runs on the Vector API when
 * {@link CpuKernels#vector()}, FLOAT64 on {@link Math}. Nothing is allocated.
 */
public final class Rnn {
    private final FloatGates floats;

    Rnn(FloatGates floats) {
        this.floats = floats;
    }

    /**
     * {@code h' = act(z + p + bias)} written to {@code hNext} (which may be {@code z} at the same
     * offset); modifies hNext only.
     */
    public void forward(int rows, int h, boolean relu, float[] z, int zOff, float[] p, int pOff, float[] bias,
                        float[] hNext, int hnOff) {
        floats.rnnForward(rows, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
    }

    /** FLOAT64 {@link #forward(int, int, boolean, float[], int, float[], int, float[], float[], int)}. */
    public void forward(int rows, int h, boolean relu, double[] z, int zOff, double[] p, int pOff,
                        double[] bias, double[] hNext, int hnOff) {
        DoubleGates.rnnForward(rows, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
    }

    /**
     * {@code dPre = (dh + dOut) act'(h')} with {@code act' = [h' > 0]} for relu and {@code 1 - h'^2}
     * for tanh; modifies dPre only (it may be {@code dh} at the same offset).
     */
    public void backward(int rows, int h, boolean relu, float[] dh, int dhOff, float[] dOut, int doOff,
                         float[] hNext, int hnOff, float[] dPre, int dpOff) {
        floats.rnnBackward(rows, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
    }

    /** FLOAT64 {@link #backward(int, int, boolean, float[], int, float[], int, float[], int, float[], int)}. */
    public void backward(int rows, int h, boolean relu, double[] dh, int dhOff, double[] dOut, int doOff,
                         double[] hNext, int hnOff, double[] dPre, int dpOff) {
        DoubleGates.rnnBackward(rows, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
    }
}
