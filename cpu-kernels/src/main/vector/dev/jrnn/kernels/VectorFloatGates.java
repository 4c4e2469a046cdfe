package dev.jrnn.kernels;

import static dev.jrnn.kernels.VectorMath.S;
import static dev.jrnn.kernels.VectorMath.load;
import static dev.jrnn.kernels.VectorMath.oneMinusSquare;
import static dev.jrnn.kernels.VectorMath.sigmoid;
import static dev.jrnn.kernels.VectorMath.tanh;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The FLOAT32 gate kernels on the Vector API: each cell's whole update for a vector of hidden units
 * in registers, one pass over the row; the columns past the last whole vector run in
 * {@link ScalarFloatGates}. Formulas as documented on {@link Lstm}, {@link Gru} and {@link Rnn}.
 * Loaded by {@link CpuKernels}.
 */
final class VectorFloatGates implements FloatGates {
    private static final int L = S.length();

    VectorFloatGates() {
    }

    @Override
    public void lstmForward(int rows, int h, float[] z, int zOff, float[] p, int pOff, float[] bias, float[] c,
                            int cOff, float[] gates, int gOff, float[] cNext, int cnOff, float[] hNext, int hnOff) {
        int bound = S.loopBound(h);
        int w = 4 * h;
        // i and f side by side in one pass where both are whole vectors; each pass over every row
        if (bound == h) {
            sigmoidRows(rows, w, 2 * h, z, zOff, p, pOff, bias, 0, gates, gOff);
        } else {
            sigmoidRows(rows, w, bound, z, zOff, p, pOff, bias, 0, gates, gOff);
            sigmoidRows(rows, w, bound, z, zOff + h, p, pOff + h, bias, h, gates, gOff + h);
        }
        tanhRows(rows, w, bound, z, zOff + 2 * h, p, pOff + 2 * h, bias, 2 * h, gates, gOff + 2 * h);
        sigmoidRows(rows, w, bound, z, zOff + 3 * h, p, pOff + 3 * h, bias, 3 * h, gates, gOff + 3 * h);
        lstmCells(rows, bound, h, gates, gOff, c, cOff, cNext, cnOff, hNext, hnOff);
        if (bound < h) {
            ScalarFloatGates.lstmForward(rows, h, bound, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff,
                    hNext, hnOff);
        }
    }

    /*
     * The kernels run as passes of one activation each over a row's gate blocks: C2 stops inlining
     * at a node budget, and a loop body holding all five of an LSTM cell's activations went past it,
     * leaving activations as calls on boxed vectors. The LSTM's passes each run over every row of the
     * block (one call per pass, not per row and pass): at W1's 16 x 128 block the gate math took a
     * quarter less time than with a call per row.
     */

    /**
     * {@code out[k] = sigmoid(a[k] + b[k] + bias[k])} over the first {@code n} (a multiple of L) columns
     * of each of {@code rows} rows of width {@code w} ({@code a}, {@code b} and {@code out} from their
     * offsets; the bias the same row for every row); without {@code b} or bias, no vectors of zeros added.
     */
    private static void sigmoidRows(int rows, int w, int n, float[] a, int ai, float[] b, int bi, float[] bias, int bb,
                                    float[] out, int oi) {
        if (b == null && bias == null) {
            for (int r = 0, ar = ai, or = oi; r < rows; r++, ar += w, or += w) {
                for (int j = 0; j < n; j += L) {
                    sigmoid(FloatVector.fromArray(S, a, ar + j)).intoArray(out, or + j);
                }
            }
            return;
        }
        if (b == null) {
            // the bias alone (the inference kernels' stored products), no vector of zeros added
            for (int r = 0, ar = ai, or = oi; r < rows; r++, ar += w, or += w) {
                for (int j = 0; j < n; j += L) {
                    sigmoid(FloatVector.fromArray(S, a, ar + j).add(FloatVector.fromArray(S, bias, bb + j)))
                            .intoArray(out, or + j);
                }
            }
            return;
        }
        for (int r = 0, ar = ai, br = bi, or = oi; r < rows; r++, ar += w, br += w, or += w) {
            for (int j = 0; j < n; j += L) {
                sigmoid(FloatVector.fromArray(S, a, ar + j).add(load(b, br + j)).add(load(bias, bb + j)))
                        .intoArray(out, or + j);
            }
        }
    }

    /** {@code out[k] = tanh(a[k] + b[k] + bias[k])}, as {@link #sigmoidRows}. */
    private static void tanhRows(int rows, int w, int n, float[] a, int ai, float[] b, int bi, float[] bias, int bb,
                                 float[] out, int oi) {
        if (b == null && bias == null) {
            for (int r = 0, ar = ai, or = oi; r < rows; r++, ar += w, or += w) {
                for (int j = 0; j < n; j += L) {
                    tanh(FloatVector.fromArray(S, a, ar + j)).intoArray(out, or + j);
                }
            }
            return;
        }
        if (b == null) {
            // the bias alone (the inference kernels' stored products), no vector of zeros added
            for (int r = 0, ar = ai, or = oi; r < rows; r++, ar += w, or += w) {
                for (int j = 0; j < n; j += L) {
                    tanh(FloatVector.fromArray(S, a, ar + j).add(FloatVector.fromArray(S, bias, bb + j)))
                            .intoArray(out, or + j);
                }
            }
            return;
        }
        for (int r = 0, ar = ai, br = bi, or = oi; r < rows; r++, ar += w, br += w, or += w) {
            for (int j = 0; j < n; j += L) {
                tanh(FloatVector.fromArray(S, a, ar + j).add(load(b, br + j)).add(load(bias, bb + j)))
                        .intoArray(out, or + j);
            }
        }
    }

    /** {@code out[k] = sigmoid(a[k] + b[k] + bias[k])} for the first {@code n} (a multiple of L) of each block. */
    private static void sigmoidSum(int n, float[] a, int ai, float[] b, int bi, float[] bias, int bb, float[] out,
                                   int oi) {
        if (b == null && bias == null) {
            sigmoidOf(n, a, ai, out, oi);
            return;
        }
        for (int j = 0; j < n; j += L) {
            sigmoid(FloatVector.fromArray(S, a, ai + j).add(load(b, bi + j)).add(load(bias, bb + j)))
                    .intoArray(out, oi + j);
        }
    }

    /** {@code out[k] = tanh(a[k] + b[k] + bias[k])} for the first {@code n} (a multiple of L) of each block. */
    private static void tanhSum(int n, float[] a, int ai, float[] b, int bi, float[] bias, int bb, float[] out,
                                int oi) {
        if (b == null && bias == null) {
            tanhOf(n, a, ai, out, oi);
            return;
        }
        for (int j = 0; j < n; j += L) {
            tanh(FloatVector.fromArray(S, a, ai + j).add(load(b, bi + j)).add(load(bias, bb + j)))
                    .intoArray(out, oi + j);
        }
    }

    /**
     * {@code out[k] = sigmoid(a[k])}: the gates of a product that already holds the biases (the
     * inference kernels'), without adding two vectors of zeros per vector.
     */
    private static void sigmoidOf(int n, float[] a, int ai, float[] out, int oi) {
        for (int j = 0; j < n; j += L) {
            sigmoid(FloatVector.fromArray(S, a, ai + j)).intoArray(out, oi + j);
        }
    }

    /** {@code out[k] = tanh(a[k])}, as {@link #sigmoidOf}. */
    private static void tanhOf(int n, float[] a, int ai, float[] out, int oi) {
        for (int j = 0; j < n; j += L) {
            tanh(FloatVector.fromArray(S, a, ai + j)).intoArray(out, oi + j);
        }
    }

    /**
     * {@code c' = f c + i g}, {@code h' = o tanh(c')} over the first {@code n} (a multiple of L) units of
     * each of {@code rows} rows, from their activated gates [i, f, g, o] (rows of width 4h; states of width h).
     */
    private static void lstmCells(int rows, int n, int h, float[] gates, int gi, float[] c, int ci, float[] cNext,
                                  int cni, float[] hNext, int hni) {
        for (int r = 0, g0 = gi, s = 0; r < rows; r++, g0 += 4 * h, s += h) {
            for (int j = 0; j < n; j += L) {
                FloatVector i = FloatVector.fromArray(S, gates, g0 + j);
                FloatVector f = FloatVector.fromArray(S, gates, g0 + h + j);
                FloatVector g = FloatVector.fromArray(S, gates, g0 + 2 * h + j);
                FloatVector o = FloatVector.fromArray(S, gates, g0 + 3 * h + j);
                FloatVector cn = f.fma(FloatVector.fromArray(S, c, ci + s + j), i.mul(g));
                cn.intoArray(cNext, cni + s + j);
                o.mul(tanh(cn)).intoArray(hNext, hni + s + j);
            }
        }
    }

    @Override
    public void lstmBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] dc, int dcOff,
                             float[] gates, int gOff, float[] c, int cOff, float[] cNext, int cnOff, float[] dGates,
                             int dgOff, float[] dcPrev, int dcpOff) {
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
            ScalarFloatGates.lstmBackward(rows, h, bound, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff,
                    cNext, cnOff, dGates, dgOff, dcPrev, dcpOff);
        }
    }

    /** One row's gate gradients and dcPrev (formulas on {@link Lstm#backward}), tanh(c') read from do's slot. */
    private static void lstmGradients(int n, int h, float[] dh, int dhi, float[] dOut, int doi, float[] dc, int dci,
                                      float[] gates, int gi, float[] c, int ci, float[] dGates, int di, float[] dcPrev,
                                      int dcpi) {
        for (int j = 0; j < n; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, gi + j);
            FloatVector f = FloatVector.fromArray(S, gates, gi + h + j);
            FloatVector g = FloatVector.fromArray(S, gates, gi + 2 * h + j);
            FloatVector o = FloatVector.fromArray(S, gates, gi + 3 * h + j);
            FloatVector tc = FloatVector.fromArray(S, dGates, di + 3 * h + j);
            FloatVector dhv = FloatVector.fromArray(S, dh, dhi + j).add(load(dOut, doi + j));
            FloatVector dct = dhv.mul(o).mul(oneMinusSquare(tc)).add(FloatVector.fromArray(S, dc, dci + j));
            dct.mul(g).mul(i.fma(i.neg(), i)).intoArray(dGates, di + j);
            dct.mul(FloatVector.fromArray(S, c, ci + j)).mul(f.fma(f.neg(), f)).intoArray(dGates, di + h + j);
            dct.mul(i).mul(oneMinusSquare(g)).intoArray(dGates, di + 2 * h + j);
            dhv.mul(tc).mul(o.fma(o.neg(), o)).intoArray(dGates, di + 3 * h + j);
            dct.mul(f).intoArray(dcPrev, dcpi + j);
        }
    }

    @Override
    public void gruForward(int rows, int h, float[] p, int pOff, float[] q, int qOff, float[] bias, float[] hPrev,
                           int hpOff, float[] gates, int gOff, float[] hn, int hnOff, float[] hNext, int hOff) {
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
            ScalarFloatGates.gruForward(rows, h, bound, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff,
                    hNext, hOff);
        }
    }

    /**
     * One row's {@code q~_n = q_n + b_n} (to hn), {@code n = tanh(p_n + r q~_n)} (to the gates) and
     * {@code h' = n + z (h - n)}, from the activated r and z.
     */
    private static void gruCandidate(int n, int h, float[] p, int pi, float[] q, int qi, float[] bias, float[] gates,
                                     int gi, float[] hPrev, int hpi, float[] hn, int hni, float[] hNext, int hi) {
        for (int j = 0; j < n; j += L) {
            FloatVector qn = FloatVector.fromArray(S, q, qi + 2 * h + j).add(load(bias, 2 * h + j));
            FloatVector rg = FloatVector.fromArray(S, gates, gi + j);
            FloatVector zg = FloatVector.fromArray(S, gates, gi + h + j);
            FloatVector cand = tanh(rg.fma(qn, FloatVector.fromArray(S, p, pi + 2 * h + j)));
            cand.intoArray(gates, gi + 2 * h + j);
            qn.intoArray(hn, hni + j);
            zg.fma(FloatVector.fromArray(S, hPrev, hpi + j).sub(cand), cand).intoArray(hNext, hi + j);
        }
    }

    @Override
    public void gruBackward(int rows, int h, float[] dh, int dhOff, float[] dOut, int doOff, float[] gates, int gOff,
                            float[] hn, int hnOff, float[] hPrev, int hpOff, float[] dIn, int diOff, float[] dHid,
                            int dhidOff, float[] dhz, int dhzOff) {
        int bound = S.loopBound(h);
        for (int b = 0; b < rows; b++) {
            int r = b * 3 * h;
            int s = b * h;
            for (int j = 0; j < bound; j += L) {
                int gi = gOff + r + j;
                FloatVector rg = FloatVector.fromArray(S, gates, gi);
                FloatVector zg = FloatVector.fromArray(S, gates, gi + h);
                FloatVector n = FloatVector.fromArray(S, gates, gi + 2 * h);
                FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + s + j).add(load(dOut, doOff + s + j));
                FloatVector dn = dhv.mul(zg.neg().add(1f)).mul(oneMinusSquare(n));
                FloatVector dz = dhv.mul(FloatVector.fromArray(S, hPrev, hpOff + s + j).sub(n)).mul(zg.fma(zg.neg(), zg));
                FloatVector dr = dn.mul(FloatVector.fromArray(S, hn, hnOff + s + j)).mul(rg.fma(rg.neg(), rg));
                dr.intoArray(dIn, diOff + r + j);
                dz.intoArray(dIn, diOff + r + h + j);
                dn.intoArray(dIn, diOff + r + 2 * h + j);
                dr.intoArray(dHid, dhidOff + r + j);
                dz.intoArray(dHid, dhidOff + r + h + j);
                dn.mul(rg).intoArray(dHid, dhidOff + r + 2 * h + j);
                if (dhz != null) {
                    dhv.mul(zg).intoArray(dhz, dhzOff + s + j);
                }
            }
        }
        if (bound < h) {
            ScalarFloatGates.gruBackward(rows, h, bound, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff,
                    dIn, diOff, dHid, dhidOff, dhz, dhzOff);
        }
    }

    @Override
    public void rnnForward(int rows, int h, boolean relu, float[] z, int zOff, float[] p, int pOff, float[] bias,
                           float[] hNext, int hnOff) {
        int bound = S.loopBound(h);
        FloatVector zero = FloatVector.zero(S);
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = 0; j < bound; j += L) {
                FloatVector pre = FloatVector.fromArray(S, z, zOff + s + j).add(load(p, pOff + s + j)).add(load(bias, j));
                // max(pre, 0) as a blend: the same values (-0 and 0 give 0, NaN stays), without the
                // blends that max's NaN and signed-zero rules take on AVX2
                (relu ? pre.blend(zero, pre.compare(VectorOperators.LE, 0f)) : tanh(pre))
                        .intoArray(hNext, hnOff + s + j);
            }
        }
        if (bound < h) {
            ScalarFloatGates.rnnForward(rows, h, bound, h, relu, z, zOff, p, pOff, bias, hNext, hnOff);
        }
    }

    @Override
    public void rnnBackward(int rows, int h, boolean relu, float[] dh, int dhOff, float[] dOut, int doOff,
                            float[] hNext, int hnOff, float[] dPre, int dpOff) {
        int bound = S.loopBound(h);
        FloatVector zero = FloatVector.zero(S);
        for (int b = 0; b < rows; b++) {
            int s = b * h;
            for (int j = 0; j < bound; j += L) {
                FloatVector y = FloatVector.fromArray(S, hNext, hnOff + s + j);
                FloatVector d = FloatVector.fromArray(S, dh, dhOff + s + j).add(load(dOut, doOff + s + j));
                FloatVector out = relu ? d.blend(zero, y.compare(VectorOperators.LE, 0f))
                        : d.mul(oneMinusSquare(y));
                out.intoArray(dPre, dpOff + s + j);
            }
        }
        if (bound < h) {
            ScalarFloatGates.rnnBackward(rows, h, bound, h, relu, dh, dhOff, dOut, doOff, hNext, hnOff, dPre, dpOff);
        }
    }

    @Override
    public void lstmForward(int rows, int h, ByteBuffer z, int zOff, ByteBuffer p, int pOff, ByteBuffer bias,
                            ByteBuffer c, int cOff, ByteBuffer gates, int gOff, ByteBuffer cNext, int cnOff,
                            ByteBuffer hNext, int hnOff) {
        VectorBufferGates.lstmForward(rows, h, z, zOff, p, pOff, bias, c, cOff, gates, gOff, cNext, cnOff, hNext, hnOff);
    }

    @Override
    public void lstmBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer dc,
                             int dcOff, ByteBuffer gates, int gOff, ByteBuffer c, int cOff, ByteBuffer cNext, int cnOff,
                             ByteBuffer dGates, int dgOff, ByteBuffer dcPrev, int dcpOff) {
        VectorBufferGates.lstmBackward(rows, h, dh, dhOff, dOut, doOff, dc, dcOff, gates, gOff, c, cOff, cNext, cnOff,
                dGates, dgOff, dcPrev, dcpOff);
    }

    @Override
    public void gruForward(int rows, int h, ByteBuffer p, int pOff, ByteBuffer q, int qOff, ByteBuffer bias,
                           ByteBuffer hPrev, int hpOff, ByteBuffer gates, int gOff, ByteBuffer hn, int hnOff,
                           ByteBuffer hNext, int hOff) {
        VectorBufferGates.gruForward(rows, h, p, pOff, q, qOff, bias, hPrev, hpOff, gates, gOff, hn, hnOff, hNext, hOff);
    }

    @Override
    public void gruBackward(int rows, int h, ByteBuffer dh, int dhOff, ByteBuffer dOut, int doOff, ByteBuffer gates,
                            int gOff, ByteBuffer hn, int hnOff, ByteBuffer hPrev, int hpOff, ByteBuffer dIn, int diOff,
                            ByteBuffer dHid, int dhidOff, ByteBuffer dhz, int dhzOff) {
        VectorBufferGates.gruBackward(rows, h, dh, dhOff, dOut, doOff, gates, gOff, hn, hnOff, hPrev, hpOff, dIn, diOff,
                dHid, dhidOff, dhz, dhzOff);
    }

    @Override
    public String toString() {
        return "Vector API kernels, " + S.vectorBitSize() + "-bit vectors";
    }
}
