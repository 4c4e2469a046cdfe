package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A cell's two biases as the {@link OneDnnRnn#BIAS_ROWS} rows of H that oneDNN's RNN primitives
 * add. LSTM (gates i, f, g, o in both): row g is {@code b_ih[g] + b_hh[g]}. GRU, linear before
 * reset (oneDNN's gates update, reset, candidate; PyTorch's r, z, n):
 * {@code [b_iz + b_hz, b_ir + b_hr, b_in, b_hn]}, the last kept apart because the reset gate scales
 * it: {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}. A missing bias counts as zeros.
 */
final class RnnBias {
    private RnnBias() {
    }

    /** Writes the rows for {@code kind}'s biases {@code bIh}, {@code bHh} (each [G*H] or null) into {@code to}. */
    static void fill(FloatPointer to, CellKind kind, Tensor bIh, Tensor bHh, int hidden) {
        int width = kind.gates() * hidden;
        float[] in = read(bIh, width);
        float[] rec = read(bHh, width);
        float[] rows = new float[OneDnnRnn.BIAS_ROWS * hidden];
        if (kind == CellKind.LSTM) {
            for (int k = 0; k < width; k++) {
                rows[k] = in[k] + rec[k];
            }
        } else {
            for (int j = 0; j < hidden; j++) {
                rows[j] = in[hidden + j] + rec[hidden + j];
                rows[hidden + j] = in[j] + rec[j];
                rows[2 * hidden + j] = in[2 * hidden + j];
                rows[3 * hidden + j] = rec[2 * hidden + j];
            }
        }
        to.put(rows);
    }

    private static float[] read(Tensor bias, int width) {
        float[] values = new float[width];
        if (bias != null) {
            Buf.of(array(bias)).read(0, values);
        }
        return values;
    }
}
