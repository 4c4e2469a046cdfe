package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.GateMath.getOr0;
import static dev.jrnn.backend.nd4j.GateMath.runs;
import static dev.jrnn.backend.nd4j.GateMath.sigmoid;
import static dev.jrnn.backend.nd4j.GateMath.tanh;

/**
 * The GRU's elementwise work for one step, fused into one pass over the batch. Buffers are
 * addressed by element offsets; rows whose flag in {@code on} is false carry the previous state.
 */
final class GruKernel {
    private GruKernel() {
    }

    /**
     * Gates and new state: with {@code q = G + b_hh} (G holds {@code h W_hh^T}),
     * {@code r = sigmoid(P_r + q_r)}, {@code z = sigmoid(P_z + q_z)}, {@code n = tanh(P_n + r q_n)},
     * {@code h' = n + z (h - n)}. Overwrites G with r, z, n; writes {@code hn = q_n}, {@code hOut}
     * and, for running rows, {@code out} (if not null).
     */
    static void forward(int batch, int hs, Buf gates, int gOff, Buf p, int pOff, Buf bias, Buf h, int hOff,
                        Buf hn, int hnOff, Buf hOut, int hOutOff, Buf out, int outOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hs;
            boolean run = runs(on, b);
            for (int j = 0; j < hs; j++) {
                int gi = gOff + row + j;
                int pi = pOff + row + j;
                double qn = gates.get(gi + 2 * hs) + getOr0(bias, j + 2 * hs);
                double r = sigmoid(p.get(pi) + gates.get(gi) + getOr0(bias, j));
                double z = sigmoid(p.get(pi + hs) + gates.get(gi + hs) + getOr0(bias, j + hs));
                double n = tanh(p.get(pi + 2 * hs) + r * qn);
                gates.set(gi, r);
                gates.set(gi + hs, z);
                gates.set(gi + 2 * hs, n);
                int s = b * hs + j;
                hn.set(hnOff + s, qn);
                double hPrev = h.get(hOff + s);
                if (run) {
                    double hNext = n + z * (hPrev - n);
                    hOut.set(hOutOff + s, hNext);
                    if (out != null) {
                        out.set(outOff + s, hNext);
                    }
                } else {
                    hOut.set(hOutOff + s, hPrev);
                }
            }
        }
    }

    /**
     * Gate gradients of one step: with {@code dh = dhCarried + dOut},
     * {@code dn = dh (1-z)(1-n^2)}, {@code dz = dh (h - n) z(1-z)}, {@code dr = dn q_n r(1-r)};
     * writes {@code dIn = [dr, dz, dn]} and {@code dHid = [dr, dz, dn r]}, zero for rows that do not run.
     */
    static void backward(int batch, int hs, Buf dh, int dhOff, Buf dOut, int dOutOff, Buf gates, int gOff,
                         Buf hn, int hnOff, Buf h, int hOff, Buf dIn, int dInOff, Buf dHid, int dHidOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hs;
            if (!runs(on, b)) {
                dIn.zero(dInOff + row, 3 * hs);
                dHid.zero(dHidOff + row, 3 * hs);
                continue;
            }
            for (int j = 0; j < hs; j++) {
                int s = b * hs + j;
                int gi = gOff + row + j;
                double dhs = dh.get(dhOff + s) + getOr0(dOut, dOutOff + s);
                double r = gates.get(gi);
                double z = gates.get(gi + hs);
                double n = gates.get(gi + 2 * hs);
                double dn = dhs * (1.0 - z) * (1.0 - n * n);
                double dz = dhs * (h.get(hOff + s) - n) * (z * (1.0 - z));
                double dr = dn * hn.get(hnOff + s) * (r * (1.0 - r));
                dIn.set(dInOff + row + j, dr);
                dIn.set(dInOff + row + j + hs, dz);
                dIn.set(dInOff + row + j + 2 * hs, dn);
                dHid.set(dHidOff + row + j, dr);
                dHid.set(dHidOff + row + j + hs, dz);
                dHid.set(dHidOff + row + j + 2 * hs, dn * r);
            }
        }
    }

    /**
     * Completes {@code dh_prev = dHid W_hh + dh z} after the GEMM left {@code dHid W_hh} in
     * {@code dhPrev}; rows that do not run get the carried {@code dh} instead.
     */
    static void finish(int batch, int hs, Buf dhPrev, int off, Buf dh, int dhOff, Buf dOut, int dOutOff,
                       Buf gates, int gOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            boolean run = runs(on, b);
            for (int j = 0; j < hs; j++) {
                int s = b * hs + j;
                double carried = dh.get(dhOff + s);
                double add = run
                        ? (carried + getOr0(dOut, dOutOff + s)) * gates.get(gOff + b * 3 * hs + hs + j)
                        : carried;
                dhPrev.set(off + s, dhPrev.get(off + s) + add);
            }
        }
    }
}
