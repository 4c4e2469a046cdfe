package dev.jrnn.backend.ejml;

/**
 * The FLOAT32 {@link Kernels} with the activations of the gate loops on the Vector API
 * ({@link VectorOps#sigmoid}, {@link VectorOps#tanh}, a few ulp from the double-precision reference).
 * Each row's gate blocks are activated as whole vectors, then the cell update runs as plain loops:
 * LSTM {@code c' = f c + i g}, {@code h' = o tanh c'}; GRU {@code h' = n + z (h - n)}. The formulas
 * are those of {@link Kernels}; only the order of the work differs from {@link FloatKernels}.
 */
final class VectorFloatKernels extends FloatKernels {
    private final VectorOps ops;

    VectorFloatKernels(VectorOps ops) {
        this.ops = ops;
    }

    @Override
    void lstmForward(Object zs, Object cs, int cOff, Object gs, int gOff, Object cns, int cnOff, Object hns,
                     int hnOff, int rows, int h) {
        float[] z = (float[]) zs;
        float[] c = (float[]) cs;
        float[] gates = (float[]) gs;
        float[] cNext = (float[]) cns;
        float[] hNext = (float[]) hns;
        for (int b = 0; b < rows; b++) {
            int zr = b * 4 * h;
            int gr = gOff + zr;
            int s = b * h;
            ops.sigmoid(z, zr, gates, gr, 2 * h);
            ops.tanh(z, zr + 2 * h, gates, gr + 2 * h, h);
            ops.sigmoid(z, zr + 3 * h, gates, gr + 3 * h, h);
            int cs0 = cOff + s;
            int cn0 = cnOff + s;
            for (int j = 0; j < h; j++) {
                cNext[cn0 + j] = gates[gr + h + j] * c[cs0 + j] + gates[gr + j] * gates[gr + 2 * h + j];
            }
            ops.tanh(cNext, cn0, hNext, hnOff + s, h);
            int hn0 = hnOff + s;
            int o0 = gr + 3 * h;
            for (int j = 0; j < h; j++) {
                hNext[hn0 + j] *= gates[o0 + j];
            }
        }
    }

    @Override
    void lstmBackward(Object dhs, Object dcs, Object gs, int gOff, Object cs, int cOff, Object cns, int cnOff,
                      Object dgs, Object dcps, int rows, int h) {
        float[] dh = (float[]) dhs;
        float[] dc = (float[]) dcs;
        float[] gates = (float[]) gs;
        float[] c = (float[]) cs;
        float[] dGates = (float[]) dgs;
        float[] dcPrev = (float[]) dcps;
        for (int b = 0; b < rows; b++) {
            int dr = b * 4 * h;
            int gr = gOff + dr;
            int s = b * h;
            // tanh c' goes to dcPrev's row first; each element is read before dcPrev is written there
            ops.tanh((float[]) cns, cnOff + s, dcPrev, s, h);
            for (int j = 0; j < h; j++) {
                float i = gates[gr + j];
                float f = gates[gr + h + j];
                float g = gates[gr + 2 * h + j];
                float o = gates[gr + 3 * h + j];
                float tc = dcPrev[s + j];
                float dhv = dh[s + j];
                float dct = dc[s + j] + dhv * o * (1 - tc * tc);
                dGates[dr + j] = dct * g * (i * (1 - i));
                dGates[dr + h + j] = dct * c[cOff + s + j] * (f * (1 - f));
                dGates[dr + 2 * h + j] = dct * i * (1 - g * g);
                dGates[dr + 3 * h + j] = dhv * tc * (o * (1 - o));
                dcPrev[s + j] = dct * f;
            }
        }
    }

    @Override
    void gruForward(Object ps, int pOff, Object qs, Object hps, Object gs, int gOff, Object hns, int hnOff,
                    Object hs, int hOff, int rows, int h) {
        float[] p = (float[]) ps;
        float[] q = (float[]) qs;
        float[] hPrev = (float[]) hps;
        float[] gates = (float[]) gs;
        float[] hn = (float[]) hns;
        float[] hNext = (float[]) hs;
        for (int b = 0; b < rows; b++) {
            int qr = b * 3 * h;
            int pr = pOff + qr;
            int gr = gOff + qr;
            int s = b * h;
            for (int j = 0; j < 2 * h; j++) {
                gates[gr + j] = p[pr + j] + q[qr + j];
            }
            ops.sigmoid(gates, gr, gates, gr, 2 * h);
            for (int j = 0; j < h; j++) {
                float qn = q[qr + 2 * h + j];
                hn[hnOff + s + j] = qn;
                gates[gr + 2 * h + j] = p[pr + 2 * h + j] + gates[gr + j] * qn;
            }
            ops.tanh(gates, gr + 2 * h, gates, gr + 2 * h, h);
            for (int j = 0; j < h; j++) {
                float n = gates[gr + 2 * h + j];
                hNext[hOff + s + j] = n + gates[gr + h + j] * (hPrev[s + j] - n);
            }
        }
    }

    @Override
    void rnnForward(boolean relu, Object zs, Object outs, int outOff, int n) {
        if (relu) {
            super.rnnForward(true, zs, outs, outOff, n);
        } else {
            ops.tanh((float[]) zs, 0, (float[]) outs, outOff, n);
        }
    }
}
