package dev.jrnn.kernels;

import static dev.jrnn.kernels.Activations.sigmoid;
import static dev.jrnn.kernels.Activations.tanh;

/**
 * The FLOAT64 gate kernels: plain loops with {@link Math#exp}-based activations, accurate to about
 * 1e-15, line by line the formulas of {@link ScalarFloatGates}; {@link Lstm}, {@link Gru} and
 * {@link Rnn} document the arguments.
 */
final class DoubleGates {
    private DoubleGates() {
    }

    private static double at(double[] a, int i) {
        return a == null ? 0.0 : a[i];
    }

    static void lstmForward(int rows, int h, double[] z, int zOff, double[] p, int pOff, double[] bias,
                            double[] c, int cOff, double[] gates, int gOff, double[] cNext, int cnOff, double[] hNext,
                            int hnOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double i = sigmoid(z[zOff + r + j] + at(p, pOff + r + j) + at(bias, j));
                double f = sigmoid(z[zOff + r + h + j] + at(p, pOff + r + h + j) + at(bias, h + j));
                double g = tanh(z[zOff + r + 2 * h + j] + at(p, pOff + r + 2 * h + j) + at(bias, 2 * h + j));
                double o = sigmoid(z[zOff + r + 3 * h + j] + at(p, pOff + r + 3 * h + j) + at(bias, 3 * h + j));
                double cn = f * c[cOff + s + j] + i * g;
                gates[gOff + r + j] = i;
                gates[gOff + r + h + j] = f;
                gates[gOff + r + 2 * h + j] = g;
                gates[gOff + r + 3 * h + j] = o;
                cNext[cnOff + s + j] = cn;
                hNext[hnOff + s + j] = o * tanh(cn);
            }
        }
    }

    static void lstmBackward(int rows, int h, double[] dh, int dhOff, double[] dOut, int doOff,
                             double[] dc, int dcOff, double[] gates, int gOff, double[] c, int cOff, double[] cNext,
                             int cnOff, double[] dGates, int dgOff, double[] dcPrev, int dcpOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double i = gates[gOff + r + j];
                double f = gates[gOff + r + h + j];
                double g = gates[gOff + r + 2 * h + j];
                double o = gates[gOff + r + 3 * h + j];
                double tc = tanh(cNext[cnOff + s + j]);
                double dhv = dh[dhOff + s + j] + at(dOut, doOff + s + j);
                double dct = dc[dcOff + s + j] + dhv * o * (1.0 - tc * tc);
                dGates[dgOff + r + j] = dct * g * (i * (1.0 - i));
                dGates[dgOff + r + h + j] = dct * c[cOff + s + j] * (f * (1.0 - f));
                dGates[dgOff + r + 2 * h + j] = dct * i * (1.0 - g * g);
                dGates[dgOff + r + 3 * h + j] = dhv * tc * (o * (1.0 - o));
                dcPrev[dcpOff + s + j] = dct * f;
            }
        }
    }

    static void gruForward(int rows, int h, double[] p, int pOff, double[] q, int qOff, double[] bias,
                           double[] hPrev, int hpOff, double[] gates, int gOff, double[] hn, int hnOff, double[] hNext,
                           int hOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double qn = q[qOff + r + 2 * h + j] + at(bias, 2 * h + j);
                double rg = sigmoid(p[pOff + r + j] + (q[qOff + r + j] + at(bias, j)));
                double zg = sigmoid(p[pOff + r + h + j] + (q[qOff + r + h + j] + at(bias, h + j)));
                double n = tanh(p[pOff + r + 2 * h + j] + rg * qn);
                gates[gOff + r + j] = rg;
                gates[gOff + r + h + j] = zg;
                gates[gOff + r + 2 * h + j] = n;
                hn[hnOff + s + j] = qn;
                hNext[hOff + s + j] = n + zg * (hPrev[hpOff + s + j] - n);
            }
        }
    }

    static void gruBackward(int rows, int h, double[] dh, int dhOff, double[] dOut, int doOff,
                            double[] gates, int gOff, double[] hn, int hnOff, double[] hPrev, int hpOff, double[] dIn,
                            int diOff, double[] dHid, int dhidOff, double[] dhz, int dhzOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double rg = gates[gOff + r + j];
                double zg = gates[gOff + r + h + j];
                double n = gates[gOff + r + 2 * h + j];
                double dhv = dh[dhOff + s + j] + at(dOut, doOff + s + j);
                double dn = dhv * (1.0 - zg) * (1.0 - n * n);
                double dz = dhv * (hPrev[hpOff + s + j] - n) * (zg * (1.0 - zg));
                double dr = dn * hn[hnOff + s + j] * (rg * (1.0 - rg));
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

    static void rnnForward(int rows, int h, boolean relu, double[] z, int zOff, double[] p, int pOff,
                           double[] bias, double[] hNext, int hnOff) {
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double pre = z[zOff + s + j] + at(p, pOff + s + j) + at(bias, j);
                hNext[hnOff + s + j] = relu ? (pre > 0 ? pre : 0.0) : tanh(pre);
            }
        }
    }

    static void rnnBackward(int rows, int h, boolean relu, double[] dh, int dhOff, double[] dOut,
                            int doOff, double[] hNext, int hnOff, double[] dPre, int dpOff) {
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = 0; j < h; j++) {
                double y = hNext[hnOff + s + j];
                double slope = relu ? (y > 0 ? 1.0 : 0.0) : 1 - y * y;
                dPre[dpOff + s + j] = (dh[dhOff + s + j] + at(dOut, doOff + s + j)) * slope;
            }
        }
    }
}
