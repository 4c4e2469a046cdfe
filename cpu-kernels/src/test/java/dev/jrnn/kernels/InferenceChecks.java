package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the inference kernels' tests share: the kernels to run, random operands, the comparison. */
final class InferenceChecks {
    private InferenceChecks() {
    }

    /** Scalar and (where the JVM has them) Vector API kernels. */
    static List<CpuKernels> kernels() {
        List<CpuKernels> out = new ArrayList<>();
        out.add(CpuKernels.of(new CpuSettings(false, CpuSettings.DEFAULT_SPIN_MICROS)));
        CpuKernels vector = CpuKernels.of(CpuSettings.defaults());
        if (vector.vector()) {
            out.add(vector);
        }
        return out;
    }

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** {@code n} floats drawn from a normal distribution of deviation {@code scale}. */
    static float[] randomFloats(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }

    /** Float results equal to the double reference within float32 rounding over a sequence. */
    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * (1 + Math.abs(expected[i])), what + " element " + i);
        }
    }
}
