package dev.jrnn.kernels;

import static dev.jrnn.kernels.Activations.sigmoid;
import static dev.jrnn.kernels.Activations.tanh;

import java.nio.ByteBuffer;

/**
 * The FLOAT32 gate kernels as plain loops, activations in double rounded once. The static forms
 * work on the column range {@code [j0, j1)} of every row, so the vector kernels run their tails here.
 */
final class ScalarFloatGates implements FloatGates {

    static float at(float[] a, int i) {
        return a == null ? 0f : a[i];
    }

    static void lstmForward(int rows, int h, int j0, int j1, float[] z, int zOff, float[] p, int pOff, float[] bias,
                            float[] c, int cOff, float[] gates, int gOff, float[] cNext, int cnOff, float[] hNext,
                            int hnOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float i = sigmoid(z[zOff + r + j] + at(p, pOff + r + j) + at(bias, j));
                float f = sigmoid(z[zOff + r + h + j] + at(p, pOff + r + h + j) + at(bias, h + j));
                float g = tanh(z[zOff + r + 2 * h + j] + at(p, pOff + r + 2 * h + j) + at(bias, 2 * h + j));
                float o = sigmoid(z[zOff + r + 3 * h + j] + at(p, pOff + r + 3 * h + j) + at(bias, 3 * h + j));
                float cn = f * c[cOff + s + j] + i * g;
                gates[gOff + r + j] = i;
                gates[gOff + r + h + j] = f;
                gates[gOff + r + 2 * h + j] = g;
                gates[gOff + r + 3 * h + j] = o;
                cNext[cnOff + s + j] = cn;
                hNext[hnOff + s + j] = o * tanh(cn);
            }
        }
    }

    static void lstmBackward(int rows, int h, int j0, int j1, float[] dh, int dhOff, float[] dOut, int doOff,
                             float[] dc, int dcOff, float[] gates, int gOff, float[] c, int cOff, float[] cNext,
                             int cnOff, float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float i = gates[gOff + r + j];
                float f = gates[gOff + r + h + j];
                float g = gates[gOff + r + 2 * h + j];
                float o = gates[gOff + r + 3 * h + j];
                float tc = tanh(cNext[cnOff + s + j]);
                float dhv = dh[dhOff + s + j] + at(dOut, doOff + s + j);
                float dct = dc[dcOff + s + j] + dhv * o * (1 - tc * tc);
                dGates[dgOff + r + j] = dct * g * (i * (1 - i));
                dGates[dgOff + r + h + j] = dct * c[cOff + s + j] * (f * (1 - f));
                dGates[dgOff + r + 2 * h + j] = dct * i * (1 - g * g);
                dGates[dgOff + r + 3 * h + j] = dhv * tc * (o * (1 - o));
                dcPrev[dcpOff + s + j] = dct * f;
            }
        }
    }

    static void gruForward(int rows, int h, int j0, int j1, float[] p, int pOff, float[] q, int qOff, float[] bias,
                           float[] hPrev, int hpOff, float[] gates, int gOff, float[] hn, int hnOff, float[] hNext,
                           int hOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float qn = q[qOff + r + 2 * h + j] + at(bias, 2 * h + j);
                float rg = sigmoid(p[pOff + r + j] + (q[qOff + r + j] + at(bias, j)));
                float zg = sigmoid(p[pOff + r + h + j] + (q[qOff + r + h + j] + at(bias, h + j)));
                float n = tanh(p[pOff + r + 2 * h + j] + rg * qn);
                gates[gOff + r + j] = rg;
                gates[gOff + r + h + j] = zg;
                gates[gOff + r + 2 * h + j] = n;
                hn[hnOff + s + j] = qn;
                hNext[hOff + s + j] = n + zg * (hPrev[hpOff + s + j] - n);
            }
        }
    }

    static void gruBackward(int rows, int h, int j0, int j1, float[] dh, int dhOff, float[] dOut, int doOff,
                            float[] gates, int gOff, float[] hn, int hnOff, float[] hPrev, int hpOff, float[] dIn,
                            int diOff, float[] dHid, int dhidOff, float[] dhz, int dhzOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float rg = gates[gOff + r + j];
                float zg = gates[gOff + r + h + j];
                float n = gates[gOff + r + 2 * h + j];
                float dhv = dh[dhOff + s + j] + at(dOut, doOff + s + j);
                float dn = dhv * (1 - zg) * (1 - n * n);
                float dz = dhv * (hPrev[hpOff + s + j] - n) * (zg * (1 - zg));
                float dr = dn * hn[hnOff + s + j] * (rg * (1 - rg));
                dIn[diOff + r + j] = dr;
                dIn[diOff + r + h + j] = dz;
                dIn[diOff + r + 2 * h + j] = dn;
                dHid[dhidOff + r + j] = dr;
                dHid[dhidOff + r + h + j] = dz;
                dHid[dhidOff + r + 2 * h + j] = dn * rg;
                if (dhz != null) {
                    dhz[dhzOff + s + j] = dhv * zg;
                }
            }
        }
    }

    static void rnnForward(int rows, int h, int j0, int j1, boolean relu, float[] z, int zOff, float[] p, int pOff,
                           float[] bias, float[] hNext, int hnOff) {
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float pre = z[zOff + s + j] + at(p, pOff + s + j) + at(bias, j);
                hNext[hnOff + s + j] = relu ? (pre > 0 ? pre : 0f) : tanh(pre);
            }
        }
    }

    static void rnnBackward(int rows, int h, int j0, int j1, boolean relu, float[] dh, int dhOff, float[] dOut,
                            int doOff, float[] hNext, int hnOff, float[] dPre, int dpOff) {
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float y = hNext[hnOff + s + j];
                float slope = relu ? (y > 0 ? 1f : 0f) : 1 - y * y;
                dPre[dpOff + s + j] = (dh[dhOff + s + j] + at(dOut, doOff + s + j)) * slope;
            }
        }
    }

    @Override
    public void lstmForward(int rows, int h, float[] z, int zOff, float[] p, int pOff, float[] bias, float[] c,
                            int cOff, float[] gates, int gOff, float[] cNext, int cnOff, float[] hNext, int hnOff) {
        lstmForward(rows, h, 0, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext, hnOff);
    }

    @Override
    public void lstmBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] dc, int dcOff,
                             float[] gates, int gOff, float[] c, int cOff, float[] cNext, int cnOff, float[] dGates,
                             int dgOff, float[] dcPrev, int dcpOff) {
        lstmBackward(rows, h, 0, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext, cnOff, dGates,
                dgOff, dcPrev, dcpOff);
    }

    @Override
    public void gruForward(int rows, int h, float[] p, int pOff, float[] q, int qOff, float[] bias, float[] hPrev,
                           int hpOff, float[] gates, int gOff, float[] hn, int hnOff, float[] hNext, int hOff) {
        gruForward(rows, h, 0, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext, hOff);
    }

    @Override
    public void gruBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] gates, int gOff,
                            float[] hn, int hnOff, float[] hPrev, int hpOff, float[] dIn, int diOff, float[] dHid,
                            int dhidOff, float[] dhz, int dhzOff) {
        gruBackward(rows, h, 0, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn, diOff, dHid,
                dhidOff, dhz, dhzOff);
    }

    @Override
    public void rnnForward(int rows, int h, boolean relu, float[] z, int zOff, float[] p, int pOff, float[] bias,
                           float[] hNext, int hnOff) {
        rnnForward(rows, h, 0, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
    }

    @Override
    public void rnnBackward(int rows, int h, boolean relu, float[] dh, int dhOff, float[] dOut, int doOff,
                            float[] hNext, int hnOff, float[] dPre, int dpOff) {
        rnnBackward(rows, h, 0, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
    }

    @Override
    public void lstmForward(int rows, int h, ByteBuffer z, int zOff, ByteBuffer p, int pOff, ByteBuffer bias,
                            ByteBuffer c, int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext, int cnOff,
                            ByteBuffer hNext, int hnOff) {
        ScalarBufferGates.lstmForward(rows, h, 0, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext,
                hnOff);
    }

    @Override
    public void lstmBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer dc,
                             int dcOff, ByteBuffer gates, int gOff, ByteBuffer c, int cOff, ByteBuffer cNext, int cnOff,
                             ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff) {
        ScalarBufferGates.lstmBackward(rows, h, 0, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext,
                cnOff, dGates, dgOff, dcPrev, dcpOff);
    }

    @Override
    public void gruForward(int rows, int h, ByteBuffer p, int pOff, ByteBuffer q, int qOff, ByteBuffer bias,
                           ByteBuffer hPrev, int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff,
                           ByteBuffer hNext, int hOff) {
        ScalarBufferGates.gruForward(rows, h, 0, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext,
                hOff);
    }

    @Override
    public void gruBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer gates,
                            int gOff, ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff, ByteBuffer dIn, int diOff,
                            ByteBuffer dHid, int dhidOff, ByteBuffer dhz, int dhzOff) {
        ScalarBufferGates.gruBackward(rows, h, 0, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn,
                diOff, dHid, dhidOff, dhz, dhzOff);
    }

    @Override
    public String toString() {
        return "scalar kernels";
    }
}
