package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch-1 LSTM inference on the input projection and the one-row recurrence in Java
 * ({@link Nd4jOneRowInference}) against the projection and the training loop on the same backend and
 * against the reference backend, on the Vector API kernels and the scalar ones, the projection in Java
 * and on oneDNN; the packed weight kept per tensor; what it declines.
 */
@DisplayName("nd4j backend: batch-1 LSTM inference on one-row products")
class Nd4jOneRowInferenceTest {
    private static final Backend VECTOR = Nd4jTestBackend.createWith(Map.of());
    private static final Backend SCALAR = Nd4jTestBackend.createWith(CpuSettings.VECTOR, "false");
    private static final Backend NATIVE_PROJECTION = Nd4jTestBackend.createWith(Nd4jSettings.ONE_ROW_PROJECTION,
            "onednn");

    private final Random rnd = new Random(53);

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

    @ParameterizedTest(name = "{0} T={1} I={2} H={3} biases={4} reverse={5}")
    @CsvSource({
        "vector, 100, 32, 128, both, false",
        "vector, 37, 5, 9, input, true",
        "vector, 12, 3, 40, recurrent, false",
        "vector, 1, 1, 1, none, true",
        "vector, 9, 6, 33, both, false",
        "scalar, 30, 7, 24, both, true",
        "scalar, 5, 2, 3, none, false",
        "onednn-projection, 100, 32, 128, both, true",
        "onednn-projection, 7, 3, 5, input, false",
    })
    @DisplayName("equals the projection and recurrentForward, the packed weight made once")
    void equalsTheComposition(String kernels, int steps, int inputs, int hidden, String biases, boolean reverse) {
        Backend be = Map.of("vector", VECTOR, "scalar", SCALAR, "onednn-projection", NATIVE_PROJECTION).get(kernels);
        try (TensorScope scope = TensorScope.open()) {
            int rows = 4 * hidden;
            double scale = 1.0 / Math.sqrt(hidden);
            Tensor x = random(be, 1.0, steps, 1, inputs);
            List<Tensor> initial = List.of(random(be, 0.5, 1, hidden), random(be, 0.5, 1, hidden));
            Tensor wIh = random(be, scale, rows, inputs);
            Tensor wHh = random(be, scale, rows, hidden);
            Tensor bIh = biases.equals("both") || biases.equals("input") ? random(be, scale, rows) : null;
            Tensor bHh = biases.equals("both") || biases.equals("recurrent") ? random(be, scale, rows) : null;
            assertTrue(Nd4jOneRowInference.takes(CellKind.LSTM, x, wHh, null));
            SequenceForward expected = RecurrentDefaults.sequenceInference(be, CellKind.LSTM, x, initial, wIh, bIh,
                    wHh, bHh, null, reverse);
            // and the plain-Java reference backend, the oracle, on the same numbers
            Backend ref = new ReferenceBackend();
            SequenceForward oracle = RecurrentDefaults.sequenceInference(ref, CellKind.LSTM, copy(ref, x),
                    List.of(copy(ref, initial.get(0)), copy(ref, initial.get(1))), copy(ref, wIh), copy(ref, bIh),
                    copy(ref, wHh), copy(ref, bHh), null, reverse);
            float[] packed = null;
            for (int call = 0; call < 2; call++) {
                SequenceForward got = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, bHh, null,
                        reverse).orElseThrow(() -> new AssertionError("declined"));
                String what = "call " + call;
                assertClose(what + " output", expected.output(), got.output(), 1e-5);
                assertClose(what + " final h", expected.finalState().get(0), got.finalState().get(0), 1e-5);
                assertClose(what + " final c", expected.finalState().get(1), got.finalState().get(1), 1e-5);
                assertClose(what + " output vs the reference", oracle.output(), got.output(), 1e-5);
                assertClose(what + " final c vs the reference", oracle.finalState().get(1), got.finalState().get(1), 1e-5);
                assertTrue(got.saved().isEmpty(), "nothing saved for a backward pass");
                float[] now = ((Nd4jTensor) wHh).rowPackedTranspose(((Nd4jBackend) be).cpu().rows());
                if (packed != null) {
                    assertSame(packed, now, "the packed weight is kept, not made again");
                }
                packed = now;
            }
        }
    }

    @Test
    @DisplayName("packs a weight again only for another tensor, and not at all once the weight is closed")
    void packedWeightFollowsTheTensor() {
        Nd4jBackend be = (Nd4jBackend) VECTOR;
        Tensor a = random(be, 0.3, 20, 5);
        Tensor b = random(be, 0.3, 20, 5);
        float[] pa = ((Nd4jTensor) a).rowPackedTranspose(be.cpu().rows());
        float[] pb = ((Nd4jTensor) b).rowPackedTranspose(be.cpu().rows());
        assertNotSame(pa, pb);
        assertFalse(java.util.Arrays.equals(pa, pb), "each weight's own numbers");
        a.close();
        assertThrows(IllegalStateException.class, () -> ((Nd4jTensor) a).rowPackedTranspose(be.cpu().rows()));
        b.close();
    }

    @Test
    @DisplayName("serves the same numbers from several threads at once, sharing the packed weights")
    void concurrentCallsAgree() throws Exception {
        Backend be = VECTOR;
        int hidden = 24;
        Tensor x = random(be, 1.0, 15, 1, 6);
        List<Tensor> initial = List.of(random(be, 0.5, 1, hidden), random(be, 0.5, 1, hidden));
        Tensor wIh = random(be, 0.2, 4 * hidden, 6);
        Tensor wHh = random(be, 0.2, 4 * hidden, hidden);
        Tensor bIh = random(be, 0.2, 4 * hidden);
        double[] expected = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, null, null, false)
                .orElseThrow().output().toDoubleArray();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int call = 0; call < 50; call++) {
                        try (TensorScope scope = TensorScope.open()) {
                            double[] got = be.recurrentInference(CellKind.LSTM, x, initial, wIh, bIh, wHh, null, null,
                                    false).orElseThrow().output().toDoubleArray();
                            if (!java.util.Arrays.equals(expected, got)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertTrue(r.get(), "a thread got other numbers");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @DisplayName("declines batches of several rows, float64, the GRU, shorter sequences, and everything when off")
    void declines() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = random(VECTOR, 1.0, 4, 1, 2);
            Tensor wHh = random(VECTOR, 0.3, 20, 5);
            assertTrue(Nd4jOneRowInference.takes(CellKind.LSTM, x, wHh, new int[] {4}));
            assertFalse(Nd4jOneRowInference.takes(CellKind.LSTM, x, wHh, new int[] {3}));
            assertFalse(Nd4jOneRowInference.takes(CellKind.LSTM, random(VECTOR, 1.0, 4, 2, 2), wHh, null));
            assertFalse(Nd4jOneRowInference.takes(CellKind.GRU, x, random(VECTOR, 0.3, 15, 5), null));
            Tensor doubles = VECTOR.fromArray(new double[8], Shape.of(4, 1, 2), DType.FLOAT64);
            assertFalse(Nd4jOneRowInference.takes(CellKind.LSTM, doubles, wHh, null));
            Nd4jBackend off = (Nd4jBackend) Nd4jTestBackend.createWith(Nd4jSettings.ONE_ROW, "false");
            assertFalse(off.settings().oneRowInference());
        }
    }
}
