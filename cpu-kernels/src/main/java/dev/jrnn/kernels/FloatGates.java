package dev.jrnn.kernels;

/**
 * The FLOAT32 gate kernels behind {@link Lstm}, {@link Gru} and {@link Rnn}, with the same
 * arguments and formulas: {@link ScalarFloatGates} or, when {@link CpuKernels} loads it, the
 * Vector API implementation. Optional operands are null.
 */
interface FloatGates {
    void lstmForward(int rows, int h, float[] z, int zOff, float[] p, int pOff, float[] bias, float[] c, int cOff,
                     float[] gates, int gOff, float[] cNext, int cnOff, float[] hNext, int hnOff);

    void lstmBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] dc, int dcOff,
                      float[] gates, int gOff, float[] c, int cOff, float[] cNext, int cnOff, float[] dGates, int dgOff,
                      float[] dcPrev, int dcpOff);

    void gruForward(int rows, int h, float[] p, int pOff, float[] q, int qOff, float[] bias, float[] hPrev, int hpOff,
                    float[] gates, int gOff, float[] hn, int hnOff, float[] hNext, int hOff);

    void gruBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] gates, int gOff,
                     float[] hn, int hnOff, float[] hPrev, int hpOff, float[] dIn, int diOff, float[] dHid,
                     int dhidOff, float[] dhz, int dhzOff);

    void rnnForward(int rows, int h, boolean relu, float[] z, int zOff, float[] p, int pOff, float[] bias,
                    float[] hNext, int hnOff);

    void rnnBackward(int rows, int h, boolean relu, float[] dh, int dhOff, float[] dOut, int doOff, float[] hNext,
                     int hnOff, float[] dPre, int dpOff);
}
