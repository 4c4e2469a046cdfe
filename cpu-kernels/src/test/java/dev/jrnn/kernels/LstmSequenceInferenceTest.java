package dev.jrnn.kernels;

import static dev.jrnn.kernels.InferenceChecks.assertClose;
import static dev.jrnn.kernels.InferenceChecks.kernels;
import static dev.jrnn.kernels.InferenceChecks.randomFloats;
import static dev.jrnn.kernels.InferenceChecks.sigmoid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("LSTM sequence inference on stacked weights")
class LstmSequenceInferenceTest {

    @ParameterizedTest(name = "T {0}, B {1}, I {2}, H {3}, reverse {4}, bias {5}")
    @CsvSource({"1, 2, 1, 1, false, true", "7, 3, 5, 9, true, true", "6, 19, 4, 20, false, false",
        "20, 24, 8, 96, false, true", "20, 24, 8, 96, true, false", "5, 32, 32, 128, false, true"})
    @DisplayName("give the textbook LSTM's outputs and final cell state, in one block, in blocks of rows, split over the cores, the biases added by the gate math or first")
    void matchesTheTextbookLstm(int steps, int batch, int inputs, int hidden, boolean reverse, boolean withBias) {
        Random rnd = new Random(steps * 31 + batch * 7 + inputs * 3 + hidden);
        int width = 4 * hidden;
        float[] x = randomFloats(rnd, steps * batch * inputs, 1.0);
        float[] h0 = randomFloats(rnd, batch * hidden, 0.5);
        float[] c0 = randomFloats(rnd, batch * hidden, 0.5);
        float[] wIh = randomFloats(rnd, width * inputs, 1.0 / Math.sqrt(inputs));
        float[] wHh = randomFloats(rnd, width * hidden, 1.0 / Math.sqrt(hidden));
        float[] bias = withBias ? randomFloats(rnd, width, 0.5) : null;
        double[][] expected = reference(steps, batch, inputs, hidden, x, h0, c0, wIh, wHh, bias, reverse);
        for (CpuKernels cpu : kernels()) {
            float[] stacked = LstmSequenceInference.stack(cpu.rows(), wIh, wHh, inputs, hidden);
            for (String how : new String[] {"one block", "blocks", "cores", "bias first"}) {
                float[] out = new float[steps * batch * hidden];
                float[] c = c0.clone();
                LstmSequenceInference sequence = new LstmSequenceInference(cpu.lstm(), steps, batch, inputs, hidden,
                        x, h0, c, bias, out, reverse).biasInGates(!how.equals("bias first"));
                switch (how) {
                    case "one block" -> sequence.runRows(0, batch, cpu.rows(), stacked);
                    case "blocks" -> {
                        int cut = batch / 3;
                        sequence.runRows(cut, batch - cut, cpu.rows(), stacked);
                        sequence.runRows(0, cut, cpu.rows(), stacked);
                    }
                    default -> sequence.run(cpu.workers(), cpu.rows(), stacked);
                }
                String what = cpu + " " + cpu.rows() + ", " + how;
                assertClose(expected[0], out, what + ": output");
                assertClose(expected[1], c, what + ": final cell state");
            }
        }
    }

    @Test
    @DisplayName("cut the batch into blocks only where the sequence's work pays and each block keeps enough rows")
    void blocks() {
        Lstm lstm = CpuKernels.of(CpuSettings.defaults()).lstm();
        // W1: 100 x 32 x 512 x 160 multiply-adds, 32 rows
        assertEquals(2, sequence(lstm, 100, 32, 32, 128).blocks(2));
        assertEquals(4, sequence(lstm, 100, 32, 32, 128).blocks(8));
        assertEquals(1, sequence(lstm, 100, 32, 32, 128).blocks(1));
        assertEquals(1, sequence(lstm, 100, 15, 32, 128).blocks(2), "fewer than two blocks of 8 rows");
        assertEquals(1, sequence(lstm, 12, 32, 1, 32).blocks(2), "too little work: a small forecasting model");
    }

    private static LstmSequenceInference sequence(Lstm lstm, int steps, int batch, int inputs, int hidden) {
        return new LstmSequenceInference(lstm, steps, batch, inputs, hidden, null, null, null, null, null, false);
    }

    /** The output [T, B, H] and the final cell state [B, H] of the formulas in double. */
    private static double[][] reference(int steps, int batch, int inputs, int hidden, float[] x, float[] h0,
                                        float[] c0, float[] wIh, float[] wHh, float[] bias, boolean reverse) {
        int width = 4 * hidden;
        double[] out = new double[steps * batch * hidden];
        double[] c = new double[batch * hidden];
        double[] h = new double[batch * hidden];
        for (int i = 0; i < c.length; i++) {
            c[i] = c0[i];
            h[i] = h0[i];
        }
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            double[] next = new double[batch * hidden];
            for (int b = 0; b < batch; b++) {
                double[] a = new double[width];
                for (int j = 0; j < width; j++) {
                    double s = bias == null ? 0.0 : bias[j];
                    for (int p = 0; p < inputs; p++) {
                        s += (double) wIh[j * inputs + p] * x[(t * batch + b) * inputs + p];
                    }
                    for (int p = 0; p < hidden; p++) {
                        s += (double) wHh[j * hidden + p] * h[b * hidden + p];
                    }
                    a[j] = s;
                }
                for (int u = 0; u < hidden; u++) {
                    double i = sigmoid(a[u]);
                    double f = sigmoid(a[hidden + u]);
                    double g = Math.tanh(a[2 * hidden + u]);
                    double o = sigmoid(a[3 * hidden + u]);
                    int at = b * hidden + u;
                    c[at] = f * c[at] + i * g;
                    next[at] = o * Math.tanh(c[at]);
                    out[(t * batch + b) * hidden + u] = next[at];
                }
            }
            h = next;
        }
        return new double[][] {out, c};
    }
}
