package dev.jrnn.kernels;

import static dev.jrnn.kernels.VectorMath.S;
import static dev.jrnn.kernels.VectorMath.oneMinusSquare;
import static dev.jrnn.kernels.VectorMath.sigmoid;
import static dev.jrnn.kernels.VectorMath.tanh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * {@link VectorFloatGates}' LSTM and GRU kernels on byte buffers of floats in the platform's byte
 * order (a backend's native memory), offsets counted in floats: the same passes and the same vector
 * operations, loads and stores through {@link FloatVector#fromByteBuffer} and
 * {@link FloatVector#intoByteBuffer}; the columns past the last whole vector run in
 * {@link ScalarBufferGates}. Formulas as documented on {@link Lstm} and {@link Gru}.
 */
final class VectorBufferGates {
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorBufferGates() {
    }

    private static FloatVector get(ByteBuffer a, int i) {
        return FloatVector.fromByteBuffer(S, a, i << 2, ORDER);
    }

    private static FloatVector at(ByteBuffer a, int i) {
        return a == null ? FloatVector.zero(S) : FloatVector.fromByteBuffer(S, a, i << 2, ORDER);
    }

    private static void put(FloatVector v, ByteBuffer a, int i) {
        v.intoByteBuffer(a, i << 2, ORDER);
    }

    static void lstmForward(int rows, int h, ByteBuffer z, int zOff, ByteBuffer p, int pOff, ByteBuffer bias,
                            ByteBuffer c, int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext, int cnOff,
                            ByteBuffer hNext, int hnOff) {
        int bound = S.loopBound(h);
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            int zi = zOff + r;
            int pi = pOff + r;
            int gi = gOff + r;
            sigmoidSum(bound, z, zi, p, pi, bias, 0, gates, gi);
            sigmoidSum(bound, z, zi + h, p, pi + h, bias, h, gates, gi + h);
            tanhSum(bound, z, zi + 2 * h, p, pi + 2 * h, bias, 2 * h, gates, gi + 2 * h);
            sigmoidSum(bound, z, zi + 3 * h, p, pi + 3 * h, bias, 3 * h, gates, gi + 3 * h);
            lstmCell(bound, h, gates, gi, c, cOff + s, cNext, cnOff + s, hNext, hnOff + s);
        }
        if (bound < h) {
            ScalarBufferGates.lstmForward(rows, h, bound, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff,
                    hNext, hnOff);
        }
    }

    /** {@code out[k] = sigmoid(a[k] + b[k] + bias[k])} for the first {@code n} (a multiple of L). */
    private static void sigmoidSum(int n, ByteBuffer a, int ai, ByteBuffer b, int bi, ByteBuffer bias, int bb,
                                   ByteBuffer out, int oi) {
        for (int j = 0; j < n; j += L) {
            put(sigmoid(get(a, ai + j).add(at(b, bi + j)).add(at(bias, bb + j))), out, oi + j);
        }
    }

    /** {@code out[k] = tanh(a[k] + b[k] + bias[k])} for the first {@code n} (a multiple of L). */
    private static void tanhSum(int n, ByteBuffer a, int ai, ByteBuffer b, int bi, ByteBuffer bias, int bb,
                                ByteBuffer out, int oi) {
        for (int j = 0; j < n; j += L) {
            put(tanh(get(a, ai + j).add(at(b, bi + j)).add(at(bias, bb + j))), out, oi + j);
        }
    }

    /** {@code c' = f c + i g}, {@code h' = o tanh(c')} from one row's activated gates [i, f, g, o]. */
    private static void lstmCell(int n, int h, ByteBuffer gates, int gi, ByteBuffer c, int ci, ByteBuffer cNext,
                                 int cni, ByteBuffer hNext, int hni) {
        for (int j = 0; j < n; j += L) {
            FloatVector i = get(gates, gi + j);
            FloatVector f = get(gates, gi + h + j);
            FloatVector g = get(gates, gi + 2 * h + j);
            FloatVector o = get(gates, gi + 3 * h + j);
            FloatVector cn = f.fma(get(c, ci + j), i.mul(g));
            put(cn, cNext, cni + j);
            put(o.mul(tanh(cn)), hNext, hni + j);
        }
    }

    static void lstmBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer dc,
                             int dcOff, ByteBuffer gates, int gOff, ByteBuffer c, int cOff, ByteBuffer cNext, int cnOff,
                             ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff) {
        int bound = S.loopBound(h);
        for (int b = 0; b < rows; b++) {
            int r = b * 4 * h;
            int s = b * h;
            // tanh(c') in its own pass, parked in the slot of do, which the gradient pass reads before writing
            tanhSum(bound, cNext, cnOff + s, null, 0, null, 0, dGates, dgOff + r + 3 * h);
            lstmGradients(bound, h, dh, dhOff + s, dOut, doOff + s, dc, dcOff + s, gates, gOff + r, c, cOff + s, dGates,
                    dgOff + r, dcPrev, dcpOff + s);
        }
        if (bound < h) {
            ScalarBufferGates.lstmBackward(rows, h, bound, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff,
                    cNext, cnOff, dGates, dgOff, dcPrev, dcpOff);
        }
    }

    /** One row's gate gradients and dcPrev (formulas on {@link Lstm#backward}), tanh(c') read from do's slot. */
    private static void lstmGradients(int n, int h, ByteBuffer dh, int dhi, ByteBuffer dOut, int doi, ByteBuffer dc,
                                      int dci, ByteBuffer gates, int gi, ByteBuffer c, int ci, ByteBuffer dGates, int di,
                                      ByteBuffer dcPrev, int dcpi) {
        for (int j = 0; j < n; j += L) {
            FloatVector i = get(gates, gi + j);
            FloatVector f = get(gates, gi + h + j);
            FloatVector g = get(gates, gi + 2 * h + j);
            FloatVector o = get(gates, gi + 3 * h + j);
            FloatVector tc = get(dGates, di + 3 * h + j);
            FloatVector dhv = get(dh, dhi + j).add(at(dOut, doi + j));
            FloatVector dct = dhv.mul(o).mul(oneMinusSquare(tc)).add(get(dc, dci + j));
            put(dct.mul(g).mul(i.fma(i.neg(), i)), dGates, di + j);
            put(dct.mul(get(c, ci + j)).mul(f.fma(f.neg(), f)), dGates, di + h + j);
            put(dct.mul(i).mul(oneMinusSquare(g)), dGates, di + 2 * h + j);
            put(dhv.mul(tc).mul(o.fma(o.neg(), o)), dGates, di + 3 * h + j);
            put(dct.mul(f), dcPrev, dcpi + j);
        }
    }

    static void gruForward(int rows, int h, ByteBuffer p, int pOff, ByteBuffer q, int qOff, ByteBuffer bias,
                           ByteBuffer hPrev, int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff,
                           ByteBuffer hNext, int hOff) {
        int bound = S.loopBound(h);
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            sigmoidSum(bound, p, pOff + r, q, qOff + r, bias, 0, gates, gOff + r);
            sigmoidSum(bound, p, pOff + r + h, q, qOff + r + h, bias, h, gates, gOff + r + h);
            gruCandidate(bound, h, p, pOff + r, q, qOff + r, bias, gates, gOff + r, hPrev, hpOff + s, hn, hnOff + s,
                    hNext, hOff + s);
        }
        if (bound < h) {
            ScalarBufferGates.gruForward(rows, h, bound, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff,
                    hNext, hOff);
        }
    }

    /**
     * One row's {@code q~_n = q_n + b_n} (to hn), {@code n = tanh(p_n + r q~_n)} (to the gates) and
     * {@code h' = n + z (h - n)}, from the activated r and z.
     */
    private static void gruCandidate(int n, int h, ByteBuffer p, int pi, ByteBuffer q, int qi, ByteBuffer bias,
                                     ByteBuffer gates, int gi, ByteBuffer hPrev, int hpi, ByteBuffer hn, int hni,
                                     ByteBuffer hNext, int hi) {
        for (int j = 0; j < n; j += L) {
            FloatVector qn = get(q, qi + 2 * h + j).add(at(bias, 2 * h + j));
            FloatVector rg = get(gates, gi + j);
            FloatVector zg = get(gates, gi + h + j);
            FloatVector cand = tanh(rg.fma(qn, get(p, pi + 2 * h + j)));
            FloatVector hp = get(hPrev, hpi + j);
            put(cand, gates, gi + 2 * h + j);
            put(qn, hn, hni + j);
            put(zg.fma(hp.sub(cand), cand), hNext, hi + j);
        }
    }

    static void gruBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer gates,
                            int gOff, ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff, ByteBuffer dIn, int diOff,
                            ByteBuffer dHid, int dhidOff, ByteBuffer dhz, int dhzOff) {
        int bound = S.loopBound(h);
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = 0; j < bound; j += L) {
                int gi = gOff + r + j;
                FloatVector rg = get(gates, gi);
                FloatVector zg = get(gates, gi + h);
                FloatVector n = get(gates, gi + 2 * h);
                FloatVector dhv = get(dh, dhOff + s + j).add(at(dOut, doOff + s + j));
                FloatVector dn = dhv.mul(zg.neg().add(1f)).mul(oneMinusSquare(n));
                FloatVector dz = dhv.mul(get(hPrev, hpOff + s + j).sub(n)).mul(zg.fma(zg.neg(), zg));
                FloatVector dr = dn.mul(get(hn, hnOff + s + j)).mul(rg.fma(rg.neg(), rg));
                put(dr, dIn, diOff + r + j);
                put(dz, dIn, diOff + r + h + j);
                put(dn, dIn, diOff + r + 2 * h + j);
                put(dr, dHid, dhidOff + r + j);
                put(dz, dHid, dhidOff + r + h + j);
                put(dn.mul(rg), dHid, dhidOff + r + 2 * h + j);
                if (dhz != null) {
                    put(dhv.mul(zg), dhz, dhzOff + s + j);
                }
            }
        }
        if (bound < h) {
            ScalarBufferGates.gruBackward(rows, h, bound, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff,
                    dIn, diOff, dHid, dhidOff, dhz, dhzOff);
        }
    }
}
