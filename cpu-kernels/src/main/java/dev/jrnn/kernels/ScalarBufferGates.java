package dev.jrnn.kernels;

import static dev.jrnn.kernels.Activations.sigmoid;
import static dev.jrnn.kernels.Activations.tanh;

import java.nio.ByteBuffer;

/**
 * {@link ScalarFloatGates}' LSTM and GRU loops on byte buffers of floats, offsets counted in
 * floats: the same formulas, operand for operand, on the column range {@code [j0, j1)} of every row,
 * so that the vector kernels run their tails here.
 */
final class ScalarBufferGates {
    private ScalarBufferGates() {
    }

    private static float get(ByteBuffer a, int i) {
        return a.getFloat(i << 2);
    }

    private static float at(ByteBuffer a, int i) {
        return a == null ? 0f : a.getFloat(i << 2);
    }

    private static void put(ByteBuffer a, int i, float v) {
        a.putFloat(i << 2, v);
    }

    static void lstmForward(int rows, int h, int j0, int j1, ByteBuffer z, int zOff, ByteBuffer p, int pOff,
                            ByteBuffer bias, ByteBuffer c, int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext,
                            int cnOff, ByteBuffer hNext, int hnOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float i = sigmoid(get(z, zOff + r + j) + at(p, pOff + r + j) + at(bias, j));
                float f = sigmoid(get(z, zOff + r + h + j) + at(p, pOff + r + h + j) + at(bias, h + j));
                float g = tanh(get(z, zOff + r + 2 * h + j) + at(p, pOff + r + 2 * h + j) + at(bias, 2 * h + j));
                float o = sigmoid(get(z, zOff + r + 3 * h + j) + at(p, pOff + r + 3 * h + j) + at(bias, 3 * h + j));
                float cn = f * get(c, cOff + s + j) + i * g;
                put(gates, gOff + r + j, i);
                put(gates, gOff + r + h + j, f);
                put(gates, gOff + r + 2 * h + j, g);
                put(gates, gOff + r + 3 * h + j, o);
                put(cNext, cnOff + s + j, cn);
                put(hNext, hnOff + s + j, o * tanh(cn));
            }
        }
    }

    static void lstmBackward(int rows, int h, int j0, int j1, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff,
                             ByteBuffer dc, int dcOff, ByteBuffer gates, int gOff, ByteBuffer c, int cOff,
                             ByteBuffer cNext, int cnOff, ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float i = get(gates, gOff + r + j);
                float f = get(gates, gOff + r + h + j);
                float g = get(gates, gOff + r + 2 * h + j);
                float o = get(gates, gOff + r + 3 * h + j);
                float tc = tanh(get(cNext, cnOff + s + j));
                float dhv = get(dh, dhOff + s + j) + at(dOut, doOff + s + j);
                float dct = get(dc, dcOff + s + j) + dhv * o * (1 - tc * tc);
                float cPrev = get(c, cOff + s + j);
                put(dGates, dgOff + r + j, dct * g * (i * (1 - i)));
                put(dGates, dgOff + r + h + j, dct * cPrev * (f * (1 - f)));
                put(dGates, dgOff + r + 2 * h + j, dct * i * (1 - g * g));
                put(dGates, dgOff + r + 3 * h + j, dhv * tc * (o * (1 - o)));
                put(dcPrev, dcpOff + s + j, dct * f);
            }
        }
    }

    static void gruForward(int rows, int h, int j0, int j1, ByteBuffer p, int pOff, ByteBuffer q, int qOff,
                           ByteBuffer bias, ByteBuffer hPrev, int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn,
                           int hnOff, ByteBuffer hNext, int hOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float qn = get(q, qOff + r + 2 * h + j) + at(bias, 2 * h + j);
                float rg = sigmoid(get(p, pOff + r + j) + (get(q, qOff + r + j) + at(bias, j)));
                float zg = sigmoid(get(p, pOff + r + h + j) + (get(q, qOff + r + h + j) + at(bias, h + j)));
                float n = tanh(get(p, pOff + r + 2 * h + j) + rg * qn);
                float hp = get(hPrev, hpOff + s + j);
                put(gates, gOff + r + j, rg);
                put(gates, gOff + r + h + j, zg);
                put(gates, gOff + r + 2 * h + j, n);
                put(hn, hnOff + s + j, qn);
                put(hNext, hOff + s + j, n + zg * (hp - n));
            }
        }
    }

    static void gruBackward(int rows, int h, int j0, int j1, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff,
                            ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff,
                            ByteBuffer dIn, int diOff, ByteBuffer dHid, int dhidOff, ByteBuffer dhz, int dhzOff) {
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = j0; j < j1; j++) {
                float rg = get(gates, gOff + r + j);
                float zg = get(gates, gOff + r + h + j);
                float n = get(gates, gOff + r + 2 * h + j);
                float dhv = get(dh, dhOff + s + j) + at(dOut, doOff + s + j);
                float dn = dhv * (1 - zg) * (1 - n * n);
                float dz = dhv * (get(hPrev, hpOff + s + j) - n) * (zg * (1 - zg));
                float dr = dn * get(hn, hnOff + s + j) * (rg * (1 - rg));
                put(dIn, diOff + r + j, dr);
                put(dIn, diOff + r + h + j, dz);
                put(dIn, diOff + r + 2 * h + j, dn);
                put(dHid, dhidOff + r + j, dr);
                put(dHid, dhidOff + r + h + j, dz);
                put(dHid, dhidOff + r + 2 * h + j, dn * rg);
                if (dhz != null) {
                    put(dhz, dhzOff + s + j, dhv * zg);
                }
            }
        }
    }
}
