package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LSTM inference in the backend's own loop ({@link Nd4jLstmInference}, oneDNN's primitive switched
 * off) against the projection and the training loop ({@code recurrentForward}) on the same backend:
 * sliced batches (W1's size, uneven slices), the stepwise loop with its row split, batch 1, float64,
 * no biases or one of them, both directions, and what it declines.
 */
@DisplayName("nd4j backend: LSTM inference in the backend's loop")
class Nd4jLstmInferenceTest {
    private static final Backend LOOP = Nd4jTestBackend.createWith(Map.of(Nd4jSettings.RNN_WORK, "0",
            Nd4jSettings.ONE_ROW, "false", Nd4jSettings.JAVA_INFERENCE_WORK, "0"));

    private final Random rnd = new Random(41);

    private Tensor random(DType dtype, double scale, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * scale;
        }
        return LOOP.fromArray(d, shape, dtype);
    }

    @ParameterizedTest(name = "{0} T={1} B={2} I={3} H={4} biases={5} reverse={6}")
    @CsvSource({
        "FLOAT32, 100, 32, 32, 128, both, false",
        "FLOAT32, 60, 17, 24, 64, both, true",
        "FLOAT32, 9, 40, 5, 96, input, false",
        "FLOAT32, 7, 5, 3, 9, recurrent, true",
        "FLOAT32, 30, 1, 32, 128, none, false",
        "FLOAT64, 12, 6, 4, 10, both, true",
        "FLOAT64, 40, 32, 8, 64, both, false",
    })
    @DisplayName("equals the projection and recurrentForward")
    void equalsTheComposition(DType dtype, int steps, int batch, int inputs, int hidden, String biases,
                              boolean reverse) {
        try (TensorScope scope = TensorScope.open()) {
            int rows = 4 * hidden;
            double scale = 1.0 / Math.sqrt(hidden);
            Tensor x = random(dtype, 1.0, steps, batch, inputs);
            List<Tensor> initial = List.of(random(dtype, 0.5, batch, hidden), random(dtype, 0.5, batch, hidden));
            Tensor wIh = random(dtype, scale, rows, inputs);
            Tensor wHh = random(dtype, scale, rows, hidden);
            Tensor bIh = biases.equals("both") || biases.equals("input") ? random(dtype, scale, rows) : null;
            Tensor bHh = biases.equals("both") || biases.equals("recurrent") ? random(dtype, scale, rows) : null;
            SequenceForward expected = RecurrentDefaults.sequenceInference(LOOP, CellKind.LSTM, x, initial, wIh, bIh,
                    wHh, bHh, null, reverse);
            double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            for (int call = 0; call < 2; call++) {
                SequenceForward got = LOOP.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, null,
                        reverse).orElseThrow(() -> new AssertionError("the loop declined"));
                String what = dtype + " call " + call;
                assertClose(what + " output", expected.output(), got.output(), tolerance);
                assertClose(what + " final h", expected.finalState().get(0), got.finalState().get(0), tolerance);
                assertClose(what + " final c", expected.finalState().get(1), got.finalState().get(1), tolerance);
                assertTrue(got.saved().isEmpty(), "nothing saved for a backward pass");
            }
        }
    }

    @Test
    @DisplayName("declines sequences of different lengths, the GRU, and everything when switched off")
    void declines() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = random(DType.FLOAT32, 1.0, 4, 3, 2);
            List<Tensor> initial = List.of(random(DType.FLOAT32, 0.5, 3, 5), random(DType.FLOAT32, 0.5, 3, 5));
            Tensor wIh = random(DType.FLOAT32, 0.3, 20, 2);
            Tensor wHh = random(DType.FLOAT32, 0.3, 20, 5);
            assertFalse(LOOP.recurrentInference(CellKind.LSTM, x, initial, wIh, null, wHh, null, new int[] {4, 3, 4},
                    false).isPresent());
            assertTrue(LOOP.recurrentInference(CellKind.LSTM, x, initial, wIh, null, wHh, null, new int[] {4, 4, 4},
                    false).isPresent());
            assertFalse(Nd4jLstmInference.takes(CellKind.GRU, x, random(DType.FLOAT32, 0.3, 15, 5), null));
            Backend off = Nd4jTestBackend.createWith(Map.of(Nd4jSettings.RNN_WORK, "0", Nd4jSettings.LSTM_INFERENCE,
                    "false", Nd4jSettings.JAVA_INFERENCE_WORK, "0"));
            assertFalse(off.recurrentInference(CellKind.LSTM, x, initial, wIh, null, wHh, null, null, false)
                    .isPresent());
        }
    }

    @Test
    @DisplayName("rejects an initial state of the wrong shape, naming it")
    void rejectsBadState() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = random(DType.FLOAT32, 1.0, 4, 3, 2);
            List<Tensor> initial = List.of(random(DType.FLOAT32, 0.5, 3, 5), random(DType.FLOAT32, 0.5, 2, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LOOP.recurrentInference(
                    CellKind.LSTM, x, initial, random(DType.FLOAT32, 0.3, 20, 2), null,
                    random(DType.FLOAT32, 0.3, 20, 5), null, null, false));
            assertTrue(e.getMessage().contains("initial state 1"), e.getMessage());
        }
    }

    @Test
    @DisplayName("gives its projection scratch back to the pool, so the next call reuses its pages")
    void scratchGoesBackToThePool() {
        int steps = 13;
        int batch = 11;
        int hidden = 40;
        Nd4jPool.clear();
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = random(DType.FLOAT32, 1.0, steps, batch, 6);
            List<Tensor> initial = List.of(random(DType.FLOAT32, 0.5, batch, hidden),
                    random(DType.FLOAT32, 0.5, batch, hidden));
            Tensor wIh = random(DType.FLOAT32, 0.1, 4 * hidden, 6);
            Tensor wHh = random(DType.FLOAT32, 0.1, 4 * hidden, hidden);
            LOOP.recurrentInference(CellKind.LSTM, x, initial, wIh, null, wHh, null, null, false)
                    .orElseThrow(() -> new AssertionError("the loop declined"));
            // [T*B, 4H] floats, 91 KB: above the pool's smallest buffer; no tensor of the call has that size
            assertTrue(Nd4jPool.take(org.nd4j.linalg.api.buffer.DataType.FLOAT, Shape.of(steps * batch, 4 * hidden))
                    != null, "the [T*B, 4H] scratch is in the pool after the call");
        }
    }
}
