package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.kernels.CpuSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LSTM inference of several batch rows on {@code cpu-kernels}' sequence kernel in Java
 * ({@link Nd4jSequenceInference}) against the projection and the training loop on the same backend
 * and against the reference backend, on the Vector API kernels and the scalar ones; the stacked
 * weight kept per weight pair; what it declines.
 */
@DisplayName("nd4j backend: LSTM inference of several rows on the shared sequence kernel")
class Nd4jSequenceInferenceTest {
    private static final Backend VECTOR = Nd4jTestBackend.createWith(Map.of());
    private static final Backend SCALAR = Nd4jTestBackend.createWith(CpuSettings.VECTOR, "false");

    private final Random rnd = new Random(59);

    private Tensor random(Backend be, double scale, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * scale;
        }
        return be.fromArray(d, shape, DType.FLOAT32);
    }

    private static Tensor copy(Backend to, Tensor t) {
        return t == null ? null : to.fromArray(t.toDoubleArray(), t.shape(), t.dtype());
    }

    @ParameterizedTest(name = "{0} T={1} B={2} I={3} H={4} biases={5} reverse={6}")
    @CsvSource({
        "vector, 100, 32, 32, 128, both, false",
        "vector, 40, 32, 32, 128, both, true",
        "vector, 37, 2, 5, 9, input, true",
        "vector, 12, 3, 3, 40, recurrent, false",
        "vector, 1, 2, 1, 1, none, true",
        "vector, 25, 19, 6, 33, both, false",
        "scalar, 30, 4, 7, 24, both, true",
        "scalar, 20, 17, 8, 64, none, false",
    })
    @DisplayName("equals the projection and recurrentForward, and the reference backend; the stacked weight made once")
    void equalsTheComposition(String kernels, int steps, int batch, int inputs, int hidden, String biases,
                              boolean reverse) {
        Backend be = kernels.equals("vector") ? VECTOR : SCALAR;
        try (TensorScope scope = TensorScope.open()) {
            int rows = 4 * hidden;
            double scale = 1.0 / Math.sqrt(hidden);
            Tensor x = random(be, 1.0, steps, batch, inputs);
            List<Tensor> initial = List.of(random(be, 0.5, batch, hidden), random(be, 0.5, batch, hidden));
            Tensor wIh = random(be, scale, rows, inputs);
            Tensor wHh = random(be, scale, rows, hidden);
            Tensor bIh = biases.equals("both") || biases.equals("input") ? random(be, scale, rows) : null;
            Tensor bHh = biases.equals("both") || biases.equals("recurrent") ? random(be, scale, rows) : null;
            assertTrue(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, null,
                    Nd4jSettings.DEFAULT_JAVA_INFERENCE_WORK));
            SequenceForward expected = RecurrentDefaults.sequenceInference(be, CellKind.LSTM, x, initial, wIh, bIh,
                    wHh, bHh, null, reverse);
            Backend ref = new ReferenceBackend();
            SequenceForward oracle = RecurrentDefaults.sequenceInference(ref, CellKind.LSTM, copy(ref, x),
                    List.of(copy(ref, initial.get(0)), copy(ref, initial.get(1))), copy(ref, wIh), copy(ref, bIh),
                    copy(ref, wHh), copy(ref, bHh), null, reverse);
            float[] stacked = null;
            for (int call = 0; call < 2; call++) {
                SequenceForward got = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, null,
                        reverse).orElseThrow(() -> new AssertionError("declined"));
                String what = "call " + call;
                assertEquals(Shape.of(steps, batch, hidden), got.output().shape(), what + " output shape");
                assertClose(what + " output", expected.output(), got.output(), 1e-5);
                assertClose(what + " final h", expected.finalState().get(0), got.finalState().get(0), 1e-5);
                assertClose(what + " final c", expected.finalState().get(1), got.finalState().get(1), 1e-5);
                assertClose(what + " output vs the reference", oracle.output(), got.output(), 1e-5);
                assertClose(what + " final c vs the reference", oracle.finalState().get(1), got.finalState().get(1), 1e-5);
                assertTrue(got.saved().isEmpty(), "nothing saved for a backward pass");
                float[] now = ((Nd4jTensor) wHh).stackedWith((Nd4jTensor) wIh, ((Nd4jBackend) be).cpu().rows());
                if (stacked != null) {
                    assertSame(stacked, now, "the stacked weight is kept, not made again");
                }
                stacked = now;
            }
        }
    }

    @Test
    @DisplayName("stacks again for another input weight, and not at all once the recurrent weight is closed")
    void stackedWeightFollowsThePair() {
        Nd4jBackend be = (Nd4jBackend) VECTOR;
        Tensor wHh = random(be, 0.3, 20, 5);
        Tensor a = random(be, 0.3, 20, 3);
        Tensor b = random(be, 0.3, 20, 3);
        float[] pa = ((Nd4jTensor) wHh).stackedWith((Nd4jTensor) a, be.cpu().rows());
        float[] pb = ((Nd4jTensor) wHh).stackedWith((Nd4jTensor) b, be.cpu().rows());
        assertNotSame(pa, pb);
        assertFalse(Arrays.equals(pa, pb), "each pair's own numbers");
        wHh.close();
        assertThrows(IllegalStateException.class, () -> ((Nd4jTensor) wHh).stackedWith((Nd4jTensor) a,
                be.cpu().rows()));
        a.close();
        b.close();
    }

    @Test
    @DisplayName("serves the same numbers from several threads at once, sharing the stacked weight")
    void concurrentCallsAgree() throws Exception {
        Backend be = VECTOR;
        int hidden = 48;
        int batch = 24;
        Tensor x = random(be, 1.0, 60, batch, 6);
        List<Tensor> initial = List.of(random(be, 0.5, batch, hidden), random(be, 0.5, batch, hidden));
        Tensor wIh = random(be, 0.2, 4 * hidden, 6);
        Tensor wHh = random(be, 0.2, 4 * hidden, hidden);
        Tensor bIh = random(be, 0.2, 4 * hidden);
        double[] expected = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, null, null, false)
                .orElseThrow().output().toDoubleArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int call = 0; call < 20; call++) {
                        try (TensorScope scope = TensorScope.open()) {
                            double[] got = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, null, null,
                                    false).orElseThrow().output().toDoubleArray();
                            if (!Arrays.equals(expected, got)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a thread got other numbers");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @DisplayName("declines one row, larger steps, float64, the GRU, shorter sequences, and everything at 0")
    void declines() {
        try (TensorScope scope = TensorScope.open()) {
            long limit = Nd4jSettings.DEFAULT_JAVA_INFERENCE_WORK;
            Tensor x = random(VECTOR, 1.0, 4, 2, 2);
            Tensor wIh = random(VECTOR, 0.3, 20, 2);
            Tensor wHh = random(VECTOR, 0.3, 20, 5);
            assertTrue(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, new int[] {4, 4}, limit));
            assertFalse(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, new int[] {4, 3}, limit));
            assertFalse(Nd4jSequenceInference.takes(CellKind.LSTM, random(VECTOR, 1.0, 4, 1, 2), wIh, wHh, null, limit));
            assertFalse(Nd4jSequenceInference.takes(CellKind.GRU, x, random(VECTOR, 0.3, 15, 2),
                    random(VECTOR, 0.3, 15, 5), null, limit));
            Tensor doubles = VECTOR.fromArray(new double[16], Shape.of(4, 2, 2), DType.FLOAT64);
            assertFalse(Nd4jSequenceInference.takes(CellKind.LSTM, doubles, wIh, wHh, null, limit));
            // the step product B * 4H * (I + H) = 2 * 20 * 7 = 280 multiply-adds
            assertTrue(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, null, 281));
            assertFalse(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, null, 280));
            assertFalse(Nd4jSequenceInference.takes(CellKind.LSTM, x, wIh, wHh, null, 0));
        }
    }
}
