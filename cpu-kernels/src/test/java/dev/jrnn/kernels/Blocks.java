package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Random operand blocks for the kernel tests, with a leading pad so that offsets are exercised. */
final class Blocks {
    static final int PAD = 3;

    private Blocks() {
    }

    /** {@code n} Gaussian values scaled by {@code scale} after {@link #PAD} values of padding. */
    static double[] random(Random rnd, int n, double scale) {
        double[] a = new double[PAD + n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian() * scale;
        }
        return a;
    }

    /** A gate block in (0, 1) as activations are: sigmoid of Gaussians. */
    static double[] unit(Random rnd, int n) {
        double[] a = random(rnd, n, 2.0);
        for (int i = 0; i < a.length; i++) {
            a[i] = 1.0 / (1.0 + Math.exp(-a[i]));
        }
        return a;
    }

    static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static float[][] floats(double[][] a) {
        float[][] f = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            f[k] = a[k] == null ? null : floats(a[k]);
        }
        return f;
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k] == null ? null : a[k].clone();
        }
        return c;
    }

    /** Asserts {@code |a - e| <= tol (1 + |e|)} element by element, naming the block. */
    static void assertClose(String what, double[] e, float[] a, double tol) {
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]);
            if (err > tol * (1 + Math.abs(e[i]))) {
                assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " element " + i);
            }
        }
    }

    /** As {@link #assertClose(String, double[], float[], double)} for two double blocks. */
    static void assertClose(String what, double[] e, double[] a, double tol) {
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " element " + i);
        }
    }

    static void assertSame(String what, float[] e, float[] a, double tol) {
        double[] d = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            d[i] = e[i];
        }
        assertClose(what, d, a, tol);
    }
}
