package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Vector API activations over [-100, 100], reached through the kernels: an Elman tanh step gives
 * {@code tanh x}, the input gate of an LSTM step {@code sigmoid x}. Skipped when the module is absent.
 */
@DisplayName("the vector activations")
class ActivationAccuracyTest {

    @Test
    @DisplayName("sigmoid and tanh stay within 1e-6 relative (or 1e-30 absolute) of the double-precision functions")
    void activations() {
        FloatGates vector = CpuKernels.vectorGates();
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        int n = 20011;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-100 + 200.0 * i / (n - 1));
        }
        x[7] = 0f;
        x[8] = -0f;
        x[9] = 1e-7f;
        x[10] = -3e-4f;
        float[] tanh = new float[n];
        vector.rnnForward(1, n, false, x, 0, null, 0, null, tanh, 0);
        float[] z = new float[4 * n];
        System.arraycopy(x, 0, z, 0, n);
        float[] gates = new float[4 * n];
        vector.lstmForward(1, n, z, 0, null, 0, null, new float[n], 0, gates, 0, new float[n], 0, new float[n], 0);
        for (int i = 0; i < n; i++) {
            double s = Activations.sigmoid((double) x[i]);
            double t = Math.tanh(x[i]);
            assertEquals(s, gates[i], 1e-6 * Math.abs(s) + 1e-30, "sigmoid(" + x[i] + ")");
            assertEquals(t, tanh[i], 1e-6 * Math.abs(t) + 1e-30, "tanh(" + x[i] + ")");
        }
    }
}
