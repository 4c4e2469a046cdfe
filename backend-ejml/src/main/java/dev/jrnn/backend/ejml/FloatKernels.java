package dev.jrnn.backend.ejml;

import org.ejml.data.FMatrixRMaj;
import org.ejml.data.ReshapeMatrix;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The FLOAT32 {@link Kernels}: loops over {@code float[]}, line by line the same as {@link DoubleKernels}.
 * Exponentials run in double and are rounded once, as the reference backend's ops are.
 */
class FloatKernels extends Kernels {

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
        Gemm.mult((FMatrixRMaj) a, ta, (FMatrixRMaj) b, tb, (FMatrixRMaj) c, add);
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
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                x[o + j] += v[j];
            }
        }
    }

    @Override
    void columnSums(Object xs, int rows, int cols, Object outs) {
        float[] x = (float[]) xs;
        float[] out = (float[]) outs;
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
        float[] dh = (float[]) dhs;
        float[] dOut = (float[]) dOuts;
        float[] dst = (float[]) dsts;
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
            for (int j = 0; j < h; j++) {
                float i = sigmoid(z[zr + j]);
                float f = sigmoid(z[zr + h + j]);
                float g = tanh(z[zr + 2 * h + j]);
                float o = sigmoid(z[zr + 3 * h + j]);
                float cn = f * c[cOff + s + j] + i * g;
                gates[gr + j] = i;
                gates[gr + h + j] = f;
                gates[gr + 2 * h + j] = g;
                gates[gr + 3 * h + j] = o;
                cNext[cnOff + s + j] = cn;
                hNext[hnOff + s + j] = o * tanh(cn);
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
        float[] cNext = (float[]) cns;
        float[] dGates = (float[]) dgs;
        float[] dcPrev = (float[]) dcps;
        for (int b = 0; b < rows; b++) {
            int dr = b * 4 * h;
            int gr = gOff + dr;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                float i = gates[gr + j];
                float f = gates[gr + h + j];
                float g = gates[gr + 2 * h + j];
                float o = gates[gr + 3 * h + j];
                float tc = tanh(cNext[cnOff + s + j]);
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
            for (int j = 0; j < h; j++) {
                float r = sigmoid(p[pr + j] + q[qr + j]);
                float z = sigmoid(p[pr + h + j] + q[qr + h + j]);
                float qn = q[qr + 2 * h + j];
                float n = tanh(p[pr + 2 * h + j] + r * qn);
                gates[gr + j] = r;
                gates[gr + h + j] = z;
                gates[gr + 2 * h + j] = n;
                hn[hnOff + s + j] = qn;
                hNext[hOff + s + j] = n + z * (hPrev[s + j] - n);
            }
        }
    }

    @Override
    void gruBackward(Object dhs, Object gs, int gOff, Object hns, int hnOff, Object hps, int hpOff, Object dis,
                     int diOff, Object dhids, Object dhzs, int rows, int h) {
        float[] dh = (float[]) dhs;
        float[] gates = (float[]) gs;
        float[] hn = (float[]) hns;
        float[] hPrev = (float[]) hps;
        float[] dInput = (float[]) dis;
        float[] dHidden = (float[]) dhids;
        float[] dhz = (float[]) dhzs;
        for (int b = 0; b < rows; b++) {
            int dr = b * 3 * h;
            int gr = gOff + dr;
            int ir = diOff + dr;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                float r = gates[gr + j];
                float z = gates[gr + h + j];
                float n = gates[gr + 2 * h + j];
                float dhv = dh[s + j];
                float dn = dhv * (1 - z) * (1 - n * n);
                float dz = dhv * (hPrev[hpOff + s + j] - n) * (z * (1 - z));
                float drv = dn * hn[hnOff + s + j] * (r * (1 - r));
                dInput[ir + j] = drv;
                dInput[ir + h + j] = dz;
                dInput[ir + 2 * h + j] = dn;
                dHidden[dr + j] = drv;
                dHidden[dr + h + j] = dz;
                dHidden[dr + 2 * h + j] = dn * r;
                dhz[s + j] = dhv * z;
            }
        }
    }

    @Override
    void rnnForward(boolean relu, Object zs, Object outs, int outOff, int n) {
        float[] z = (float[]) zs;
        float[] out = (float[]) outs;
        if (relu) {
            for (int k = 0; k < n; k++) {
                out[outOff + k] = z[k] > 0 ? z[k] : 0;
            }
        } else {
            for (int k = 0; k < n; k++) {
                out[outOff + k] = tanh(z[k]);
            }
        }
    }

    @Override
    void rnnBackward(boolean relu, Object dhs, Object hs, int hOff, Object dps, int n) {
        float[] dh = (float[]) dhs;
        float[] hNext = (float[]) hs;
        float[] dPre = (float[]) dps;
        if (relu) {
            for (int k = 0; k < n; k++) {
                dPre[k] = dh[k] * (hNext[hOff + k] > 0 ? 1 : 0);
            }
        } else {
            for (int k = 0; k < n; k++) {
                float y = hNext[hOff + k];
                dPre[k] = dh[k] * (1 - y * y);
            }
        }
    }

    /** {@code 1 / (1 + e^-x)}, computed in double and rounded to float. */
    static float sigmoid(float x) {
        return (float) DoubleKernels.sigmoid(x);
    }

    /** {@code tanh x} as {@link DoubleKernels#tanh}, computed in double and rounded to float. */
    static float tanh(float x) {
        return (float) DoubleKernels.tanh(x);
    }
}
