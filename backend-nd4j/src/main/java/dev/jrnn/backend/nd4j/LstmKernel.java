package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.GateMath.getOr0;
import static dev.jrnn.backend.nd4j.GateMath.runs;
import static dev.jrnn.backend.nd4j.GateMath.sigmoid;
import static dev.jrnn.backend.nd4j.GateMath.tanh;

/**
 * The LSTM's elementwise work for one step, fused into one pass over the batch. Buffers are
 * addressed by element offsets; rows whose flag in {@code on} is false carry the previous state.
 */
final class LstmKernel {
    private LstmKernel() {
    }

    /**
     * Gates and new state: {@code z = G + P + b} (G holds {@code h W_hh^T}, overwritten with the
     * activated gates i, f, g, o); {@code c' = f c + i g}, {@code h' = o tanh(c')}. Writes
     * {@code hOut}, {@code cOut} and, for running rows, {@code out} (if not null).
     */
    static void forward(int batch, int hs, Buf gates, int gOff, Buf p, int pOff, Buf bias, Buf h, int hOff, Buf c,
                        int cOff, Buf hOut, int hOutOff, Buf cOut, int cOutOff, Buf out, int outOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hs;
            boolean run = runs(on, b);
            for (int j = 0; j < hs; j++) {
                int gi = gOff + row + j;
                int pi = pOff + row + j;
                double i = sigmoid(gates.get(gi) + p.get(pi) + getOr0(bias, j));
                double f = sigmoid(gates.get(gi + hs) + p.get(pi + hs) + getOr0(bias, j + hs));
                double g = tanh(gates.get(gi + 2 * hs) + p.get(pi + 2 * hs) + getOr0(bias, j + 2 * hs));
                double o = sigmoid(gates.get(gi + 3 * hs) + p.get(pi + 3 * hs) + getOr0(bias, j + 3 * hs));
                gates.set(gi, i);
                gates.set(gi + hs, f);
                gates.set(gi + 2 * hs, g);
                gates.set(gi + 3 * hs, o);
                int s = b * hs + j;
                double cPrev = c.get(cOff + s);
                if (run) {
                    double cNext = f * cPrev + i * g;
                    double hNext = o * tanh(cNext);
                    cOut.set(cOutOff + s, cNext);
                    hOut.set(hOutOff + s, hNext);
                    if (out != null) {
                        out.set(outOff + s, hNext);
                    }
                } else {
                    cOut.set(cOutOff + s, cPrev);
                    hOut.set(hOutOff + s, h.get(hOff + s));
                }
            }
        }
    }

    /**
     * Gate gradients of one step: with {@code dh = dhCarried + dOut}, {@code tc = tanh(c')},
     * {@code dc~ = dc + dh o (1 - tc^2)}: {@code di = dc~ g i(1-i)}, {@code df = dc~ c f(1-f)},
     * {@code dg = dc~ i (1-g^2)}, {@code do = dh tc o(1-o)}; writes {@code dcOut = dc~ f} (it may be
     * {@code dcIn}). Rows that do not run get zero gate gradients and carry {@code dcIn}.
     */
    static void backward(int batch, int hs, Buf dh, int dhOff, Buf dOut, int dOutOff, Buf dcIn, int dcInOff,
                         Buf dcOut, int dcOutOff, Buf gates, int gOff, Buf cPrev, int cpOff, Buf cNext, int cnOff,
                         Buf dGates, int dgOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hs;
            if (!runs(on, b)) {
                dGates.zero(dgOff + row, 4 * hs);
                dcOut.copy(dcOutOff + b * hs, dcIn, dcInOff + b * hs, hs);
                continue;
            }
            for (int j = 0; j < hs; j++) {
                int s = b * hs + j;
                int gi = gOff + row + j;
                double dhs = dh.get(dhOff + s) + getOr0(dOut, dOutOff + s);
                double i = gates.get(gi);
                double f = gates.get(gi + hs);
                double g = gates.get(gi + 2 * hs);
                double o = gates.get(gi + 3 * hs);
                double tc = tanh(cNext.get(cnOff + s));
                double dct = dcIn.get(dcInOff + s) + dhs * o * (1.0 - tc * tc);
                int di = dgOff + row + j;
                dGates.set(di, dct * g * (i * (1.0 - i)));
                dGates.set(di + hs, dct * cPrev.get(cpOff + s) * (f * (1.0 - f)));
                dGates.set(di + 2 * hs, dct * i * (1.0 - g * g));
                dGates.set(di + 3 * hs, dhs * tc * (o * (1.0 - o)));
                dcOut.set(dcOutOff + s, dct * f);
            }
        }
    }
}
