package dev.jrnn.kernels;

import java.nio.ByteBuffer;

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

    /*
     * The same LSTM and GRU kernels on native-order byte buffers (a backend's native memory, e.g.
     * ND4J's), offsets counted in floats: a backend whose tensors live outside the Java heap runs
     * them in place instead of copying each step's blocks into float[] and back.
     */

    void lstmForward(int rows, int h, ByteBuffer z, int zOff, ByteBuffer p, int pOff, ByteBuffer bias, ByteBuffer c,
                     int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext, int cnOff, ByteBuffer hNext, int hnOff);

    void lstmBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer dc, int dcOff,
                      ByteBuffer gates, int gOff, ByteBuffer c, int cOff, ByteBuffer cNext, int cnOff,
                      ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff);

    void gruForward(int rows, int h, ByteBuffer p, int pOff, ByteBuffer q, int qOff, ByteBuffer bias, ByteBuffer hPrev,
                    int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff, ByteBuffer hNext, int hOff);

    void gruBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer gates, int gOff,
                     ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff, ByteBuffer dIn, int diOff, ByteBuffer dHid,
                     int dhidOff, ByteBuffer dhz, int dhzOff);
}
