package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.GateMath.getOr0;
import static dev.jrnn.backend.nd4j.GateMath.runs;
import static dev.jrnn.backend.nd4j.GateMath.tanh;

/**
 * The Elman RNN's elementwise work for one step. Buffers are addressed by element offsets; rows
 * whose flag in {@code on} is false carry the previous state.
 */
final class RnnKernel {
    private RnnKernel() {
    }

    /**
     * {@code h' = f(G + P + b)} with f tanh or relu, where G ({@code h W_hh^T}) lies in {@code hOut}
     * and is overwritten by h'; writes {@code out} (if not null) for running rows.
     */
    static void forward(int batch, int hs, boolean relu, Buf hOut, int hOutOff, Buf p, int pOff, Buf bias, Buf h,
                        int hOff, Buf out, int outOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            boolean run = runs(on, b);
            for (int j = 0; j < hs; j++) {
                int s = b * hs + j;
                if (!run) {
                    hOut.set(hOutOff + s, h.get(hOff + s));
                    continue;
                }
                double pre = hOut.get(hOutOff + s) + p.get(pOff + s) + getOr0(bias, j);
                double hNext = relu ? (pre > 0 ? pre : 0.0) : tanh(pre);
                hOut.set(hOutOff + s, hNext);
                if (out != null) {
                    out.set(outOff + s, hNext);
                }
            }
        }
    }

    /**
     * {@code dPre = (dhCarried + dOut) f'(h')} with {@code f' = [h' > 0]} for relu and
     * {@code 1 - h'^2} for tanh; zero for rows that do not run.
     */
    static void backward(int batch, int hs, boolean relu, Buf dh, int dhOff, Buf dOut, int dOutOff, Buf hNext,
                         int hnOff, Buf dPre, int dpOff, boolean[] on) {
        for (int b = 0; b < batch; b++) {
            boolean run = runs(on, b);
            for (int j = 0; j < hs; j++) {
                int s = b * hs + j;
                if (!run) {
                    dPre.set(dpOff + s, 0.0);
                    continue;
                }
                double y = hNext.get(hnOff + s);
                double slope = relu ? (y > 0 ? 1.0 : 0.0) : 1.0 - y * y;
                dPre.set(dpOff + s, (dh.get(dhOff + s) + getOr0(dOut, dOutOff + s)) * slope);
            }
        }
    }
}
