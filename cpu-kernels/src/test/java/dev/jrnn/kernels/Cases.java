package dev.jrnn.kernels;

import static dev.jrnn.kernels.Blocks.PAD;
import static dev.jrnn.kernels.Blocks.random;
import static dev.jrnn.kernels.Blocks.unit;

import java.util.List;
import java.util.Random;

/**
 * One case per kernel: random operands (every block at offset {@link Blocks#PAD}, the bias at 0),
 * the kernel on FLOAT32 through a given {@link FloatGates}, on FLOAT64, and the textbook formulas
 * (as {@code RecurrentDefaults} composes them) in double with {@link Math#tanh}.
 */
record Cases(String name, double[][] operands, FloatRun floats, DoubleRun doubles, DoubleRun reference) {
    static final int P = PAD;
    /** The public entry points of the FLOAT64 kernels (the FLOAT32 ones are run through a given {@link FloatGates}). */
    static final CpuKernels K = CpuKernels.of(CpuSettings.defaults());

    interface FloatRun {
        void run(FloatGates ops, float[][] a, int rows, int h);
    }

    interface DoubleRun {
        void run(double[][] a, int rows, int h);
    }

    static double sig(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double bias(double[] b, int i) {
        return b == null ? 0.0 : b[i];
    }

    static List<Cases> all(Random rnd, int rows, int h, boolean optional) {
        int n = rows * h;
        double[] p4 = optional ? random(rnd, 4 * n, 0.8) : null;
        double[] b4 = optional ? random(rnd, 4 * h, 0.5) : null;
        double[] dOut = optional ? random(rnd, n, 0.5) : null;
        double[] b3 = optional ? random(rnd, 3 * h, 0.5) : null;
        double[] p1 = optional ? random(rnd, n, 0.8) : null;
        return List.of(
                new Cases("lstm forward",
                        new double[][] {random(rnd, 4 * n, 1.5), p4, b4, random(rnd, n, 1.0), new double[P + 4 * n],
                            new double[P + n], new double[P + n]},
                        (o, a, r, k) -> o.lstmForward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
                        (a, r, k) -> K.lstm().forward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
                        Cases::lstmForward),
                new Cases("lstm backward",
                        new double[][] {random(rnd, n, 1.0), dOut, random(rnd, n, 1.0), unit(rnd, 4 * n),
                            random(rnd, n, 1.0), random(rnd, n, 1.5), new double[P + 4 * n], new double[P + n]},
                        (o, a, r, k) -> o.lstmBackward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P, a[6],
                                P, a[7], P),
                        (a, r, k) -> K.lstm().backward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P, a[6], P,
                                a[7], P),
                        Cases::lstmBackward),
                new Cases("gru forward",
                        new double[][] {random(rnd, 3 * n, 1.0), random(rnd, 3 * n, 1.0), b3, random(rnd, n, 1.0),
                            new double[P + 3 * n], new double[P + n], new double[P + n]},
                        (o, a, r, k) -> o.gruForward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
                        (a, r, k) -> K.gru().forward(r, k, a[0], P, a[1], P, a[2], a[3], P, a[4], P, a[5], P, a[6], P),
                        Cases::gruForward),
                new Cases("gru backward",
                        new double[][] {random(rnd, n, 1.0), dOut, unit(rnd, 3 * n), random(rnd, n, 1.0),
                            random(rnd, n, 1.0), new double[P + 3 * n], new double[P + 3 * n],
                            optional ? new double[P + n] : null},
                        (o, a, r, k) -> o.gruBackward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P, a[6],
                                P, a[7], P),
                        (a, r, k) -> K.gru().backward(r, k, a[0], P, a[1], P, a[2], P, a[3], P, a[4], P, a[5], P, a[6], P,
                                a[7], P),
                        Cases::gruBackward),
                rnn(rnd, n, p1, b4, false), rnn(rnd, n, p1, b4, true),
                new Cases("rnn tanh backward",
                        new double[][] {random(rnd, n, 1.0), dOut, unit(rnd, n), new double[P + n]},
                        (o, a, r, k) -> o.rnnBackward(r, k, false, a[0], P, a[1], P, a[2], P, a[3], P),
                        (a, r, k) -> K.rnn().backward(r, k, false, a[0], P, a[1], P, a[2], P, a[3], P),
                        (a, r, k) -> rnnBackward(a, r, k, false)),
                new Cases("rnn relu backward",
                        new double[][] {random(rnd, n, 1.0), dOut, random(rnd, n, 1.0), new double[P + n]},
                        (o, a, r, k) -> o.rnnBackward(r, k, true, a[0], P, a[1], P, a[2], P, a[3], P),
                        (a, r, k) -> K.rnn().backward(r, k, true, a[0], P, a[1], P, a[2], P, a[3], P),
                        (a, r, k) -> rnnBackward(a, r, k, true)));
    }

    private static Cases rnn(Random rnd, int n, double[] p, double[] bias, boolean relu) {
        return new Cases(relu ? "rnn relu forward" : "rnn tanh forward",
                new double[][] {random(rnd, n, 1.0), p, bias, new double[P + n]},
                (o, a, r, k) -> o.rnnForward(r, k, relu, a[0], P, a[1], P, a[2], a[3], P),
                (a, r, k) -> K.rnn().forward(r, k, relu, a[0], P, a[1], P, a[2], a[3], P),
                (a, r, k) -> {
                    for (int i = 0; i < r * k; i++) {
                        double pre = a[0][P + i] + (a[1] == null ? 0 : a[1][P + i]) + bias(a[2], i % k);
                        a[3][P + i] = relu ? Math.max(pre, 0) : Math.tanh(pre);
                    }
                });
    }

    private static void lstmForward(double[][] a, int rows, int h) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < h; j++) {
                double[] act = new double[4];
                for (int g = 0; g < 4; g++) {
                    int i = P + b * 4 * h + g * h + j;
                    double x = a[0][i] + (a[1] == null ? 0 : a[1][i]) + bias(a[2], g * h + j);
                    act[g] = g == 2 ? Math.tanh(x) : sig(x);
                    a[4][i] = act[g];
                }
                int s = P + b * h + j;
                a[5][s] = act[1] * a[3][s] + act[0] * act[2];
                a[6][s] = act[3] * Math.tanh(a[5][s]);
            }
        }
    }

    private static void lstmBackward(double[][] a, int rows, int h) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < h; j++) {
                int s = P + b * h + j;
                int g = P + b * 4 * h + j;
                double i = a[3][g];
                double f = a[3][g + h];
                double gg = a[3][g + 2 * h];
                double o = a[3][g + 3 * h];
                double dh = a[0][s] + (a[1] == null ? 0 : a[1][s]);
                double tc = Math.tanh(a[5][s]);
                double dct = a[2][s] + dh * o * (1 - tc * tc);
                a[6][g] = dct * gg * i * (1 - i);
                a[6][g + h] = dct * a[4][s] * f * (1 - f);
                a[6][g + 2 * h] = dct * i * (1 - gg * gg);
                a[6][g + 3 * h] = dh * tc * o * (1 - o);
                a[7][s] = dct * f;
            }
        }
    }

    private static void gruForward(double[][] a, int rows, int h) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < h; j++) {
                int g = P + b * 3 * h + j;
                int s = P + b * h + j;
                double qn = a[1][g + 2 * h] + bias(a[2], 2 * h + j);
                double r = sig(a[0][g] + a[1][g] + bias(a[2], j));
                double z = sig(a[0][g + h] + a[1][g + h] + bias(a[2], h + j));
                double n = Math.tanh(a[0][g + 2 * h] + r * qn);
                a[4][g] = r;
                a[4][g + h] = z;
                a[4][g + 2 * h] = n;
                a[5][s] = qn;
                a[6][s] = (1 - z) * n + z * a[3][s];
            }
        }
    }

    private static void gruBackward(double[][] a, int rows, int h) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < h; j++) {
                int g = P + b * 3 * h + j;
                int s = P + b * h + j;
                double r = a[2][g];
                double z = a[2][g + h];
                double n = a[2][g + 2 * h];
                double dh = a[0][s] + (a[1] == null ? 0 : a[1][s]);
                double dn = dh * (1 - z) * (1 - n * n);
                double dz = dh * (a[4][s] - n) * z * (1 - z);
                double dr = dn * a[3][s] * r * (1 - r);
                a[5][g] = dr;
                a[5][g + h] = dz;
                a[5][g + 2 * h] = dn;
                a[6][g] = dr;
                a[6][g + h] = dz;
                a[6][g + 2 * h] = dn * r;
                if (a[7] != null) {
                    a[7][s] = dh * z;
                }
            }
        }
    }

    private static void rnnBackward(double[][] a, int rows, int h, boolean relu) {
        for (int i = 0; i < rows * h; i++) {
            double y = a[2][P + i];
            double slope = relu ? (y > 0 ? 1 : 0) : 1 - y * y;
            a[3][P + i] = (a[0][P + i] + (a[1] == null ? 0 : a[1][P + i])) * slope;
        }
    }
}
