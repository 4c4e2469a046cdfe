package dev.jrnn.kernels;

import static dev.jrnn.kernels.InferenceChecks.assertClose;
import static dev.jrnn.kernels.InferenceChecks.kernels;
import static dev.jrnn.kernels.InferenceChecks.randomFloats;
import static dev.jrnn.kernels.InferenceChecks.sigmoid;


import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("batch-1 LSTM inference on one-row products")
class OneRowLstmInferenceTest {

    @ParameterizedTest(name = "T {0}, I {1}, H {2}, reverse {3}, bias {4}")
    @CsvSource({"1, 1, 1, false, true", "3, 2, 5, false, true", "100, 32, 128, false, true", "100, 32, 128, true, false",
        "37, 64, 96, true, true", "9, 4, 37, false, false"})
    @DisplayName("give the textbook LSTM's outputs and final cell state from the input projection, the biases added by the gate math or held by the projection")
    void matchesTheTextbookLstm(int steps, int inputs, int hidden, boolean reverse, boolean withBias) {
        Random rnd = new Random(steps * 31 + inputs * 3 + hidden);
        int width = 4 * hidden;
        float[] x = randomFloats(rnd, steps * inputs, 1.0);
        float[] h0 = randomFloats(rnd, hidden, 0.5);
        float[] c0 = randomFloats(rnd, hidden, 0.5);
        float[] wIh = randomFloats(rnd, width * inputs, 1.0 / Math.sqrt(inputs));
        float[] wHh = randomFloats(rnd, width * hidden, 1.0 / Math.sqrt(hidden));
        float[] bias = withBias ? randomFloats(rnd, width, 0.5) : null;
        double[][] expected = reference(steps, inputs, hidden, x, h0, c0, wIh, wHh, bias, reverse);
        for (CpuKernels cpu : kernels()) {
            RowProduct rows = cpu.rows();
            float[] inputT = rows.pack(transpose(wIh, width, inputs), width, inputs, width);
            float[] recurrentT = rows.pack(transpose(wHh, width, hidden), width, hidden, width);
            for (boolean biasInProjection : new boolean[] {false, true}) {
                float[] gates = new float[steps * width];
                rows.rows(x, 0, inputs, steps, inputT, inputs, gates, 0, width, width);
                if (biasInProjection && bias != null) {
                    for (int i = 0; i < gates.length; i++) {
                        gates[i] += bias[i % width];
                    }
                }
                float[] out = new float[steps * hidden];
                float[] c = c0.clone();
                OneRowLstmInference.run(rows, cpu.lstm(), steps, hidden, gates, biasInProjection ? null : bias,
                        recurrentT, h0, c, out, reverse);
                String what = cpu + " " + rows + (biasInProjection ? ", biases in the projection" : "");
                assertClose(expected[0], out, what + ": output");
                assertClose(expected[1], c, what + ": final cell state");
            }
        }
    }

    /** The output [T, H] and the final cell state [H] of the formulas in double, at batch 1. */
    private static double[][] reference(int steps, int inputs, int hidden, float[] x, float[] h0, float[] c0,
                                        float[] wIh, float[] wHh, float[] bias, boolean reverse) {
        int width = 4 * hidden;
        double[] out = new double[steps * hidden];
        double[] c = new double[hidden];
        double[] h = new double[hidden];
        for (int i = 0; i < hidden; i++) {
            c[i] = c0[i];
            h[i] = h0[i];
        }
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            double[] a = new double[width];
            for (int j = 0; j < width; j++) {
                double s = bias == null ? 0.0 : bias[j];
                for (int p = 0; p < inputs; p++) {
                    s += (double) wIh[j * inputs + p] * x[t * inputs + p];
                }
                for (int p = 0; p < hidden; p++) {
                    s += (double) wHh[j * hidden + p] * h[p];
                }
                a[j] = s;
            }
            double[] next = new double[hidden];
            for (int u = 0; u < hidden; u++) {
                double i = sigmoid(a[u]);
                double f = sigmoid(a[hidden + u]);
                double g = Math.tanh(a[2 * hidden + u]);
                double o = sigmoid(a[3 * hidden + u]);
                c[u] = f * c[u] + i * g;
                next[u] = o * Math.tanh(c[u]);
                out[t * hidden + u] = next[u];
            }
            h = next;
        }
        return new double[][] {out, c};
    }

    /** {@code w} [rows, cols] transposed to [cols, rows]. */
    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < cols; p++) {
                t[p * rows + r] = w[r * cols + p];
            }
        }
        return t;
    }
}
