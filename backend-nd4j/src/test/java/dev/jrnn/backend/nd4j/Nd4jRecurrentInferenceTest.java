package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code recurrentInference} on oneDNN's RNN primitives against the projection and jrnn's own
 * time loop ({@code recurrentForward}) on the same backend, at the serving workloads' sizes and at
 * awkward ones, and the cases it must decline.
 */
@DisplayName("nd4j backend: whole directions on oneDNN's RNN primitives")
class Nd4jRecurrentInferenceTest {
    private static final double TOLERANCE = 1e-5;

    /**
     * Takes every size, so that the OpenMP team's path (steps from 2^20 multiply-adds) is checked too, and
     * batch 1 (which runs on {@link Nd4jOneRowInference} by default) and the LSTM's smaller batches
     * (which run on {@link Nd4jSequenceInference} by default).
     */
    private static final Backend UNLIMITED = Nd4jTestBackend.createWith(Map.of(Nd4jSettings.RNN_WORK,
            Long.toString(Long.MAX_VALUE), Nd4jSettings.ONE_ROW, "false", Nd4jSettings.JAVA_INFERENCE_WORK, "0"));

    private final Backend be = UNLIMITED;
    private final Random rnd = new Random(29);

    private Tensor random(DType dtype, double scale, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * scale;
        }
        return be.fromArray(d, shape, dtype);
    }

    /** The operands of one direction: x, initial states, W_ih, b_ih, W_hh, b_hh. */
    private record Operands(Tensor x, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh) {
    }

    private Operands operands(CellKind kind, DType dtype, int steps, int batch, int inputs, int hidden, boolean bias) {
        int rows = kind.gates() * hidden;
        double scale = 1.0 / Math.sqrt(hidden);
        List<Tensor> initial = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(random(dtype, 0.5, batch, hidden));
        }
        return new Operands(random(dtype, 1.0, steps, batch, inputs), initial, random(dtype, scale, rows, inputs),
                bias ? random(dtype, scale, rows) : null, random(dtype, scale, rows, hidden),
                bias ? random(dtype, scale, rows) : null);
    }

    private Optional<SequenceForward> inference(CellKind kind, Operands o, int[] lengths, boolean reverse) {
        return be.recurrentInference(kind, o.x(), o.initial(), o.wIh(), o.bIh(), o.wHh(), o.bHh(), lengths, reverse);
    }

    @ParameterizedTest(name = "{0} T={1} B={2} I={3} H={4} bias={5} reverse={6}")
    @CsvSource({
        "LSTM, 100, 32, 32, 128, true, false",
        "LSTM, 100, 1, 32, 128, true, false",
        "LSTM, 7, 5, 3, 9, true, true",
        "LSTM, 1, 1, 1, 1, false, false",
        "GRU, 50, 16, 24, 64, true, false",
        "GRU, 7, 5, 3, 9, true, true",
        "GRU, 6, 1, 4, 5, false, true",
    })
    @DisplayName("equals the projection and recurrentForward on the same backend")
    void equalsTheComposition(CellKind kind, int steps, int batch, int inputs, int hidden, boolean bias,
                              boolean reverse) {
        try (TensorScope scope = TensorScope.open()) {
            Operands o = operands(kind, DType.FLOAT32, steps, batch, inputs, hidden, bias);
            SequenceForward expected = RecurrentDefaults.sequenceInference(be, kind, o.x(), o.initial(), o.wIh(),
                    o.bIh(), o.wHh(), o.bHh(), null, reverse);
            for (int call = 0; call < 2; call++) {
                SequenceForward got = inference(kind, o, null, reverse).orElseThrow(
                        () -> new AssertionError("oneDNN's primitive declined " + kind));
                String what = kind + " call " + call;
                assertClose(what + " output", expected.output(), got.output(), TOLERANCE);
                for (int s = 0; s < kind.states(); s++) {
                    assertClose(what + " final state " + s, expected.finalState().get(s), got.finalState().get(s),
                            TOLERANCE);
                }
                assertTrue(got.saved().isEmpty(), "nothing saved for a backward pass");
            }
        }
    }

    @Test
    @DisplayName("takes lengths that are all the full sequence, declines others, float64, the Elman cells and large steps")
    void declines() {
        try (TensorScope scope = TensorScope.open()) {
            Operands lstm = operands(CellKind.LSTM, DType.FLOAT32, 4, 3, 2, 5, true);
            assertTrue(inference(CellKind.LSTM, lstm, new int[] {4, 4, 4}, false).isPresent());
            assertFalse(inference(CellKind.LSTM, lstm, new int[] {4, 2, 4}, false).isPresent());
            Operands doubles = operands(CellKind.GRU, DType.FLOAT64, 4, 3, 2, 5, true);
            assertFalse(inference(CellKind.GRU, doubles, null, false).isPresent());
            Operands rnn = operands(CellKind.RNN_TANH, DType.FLOAT32, 4, 3, 2, 5, true);
            assertFalse(inference(CellKind.RNN_TANH, rnn, null, false).isPresent());
            Operands big = operands(CellKind.LSTM, DType.FLOAT32, 2, 32, 4, 128, true);
            assertFalse(Nd4jRecurrentInference.takes(CellKind.LSTM, big.x(), big.wHh(), null,
                    Nd4jSettings.DEFAULT_RNN_WORK), "a step of 2^21 multiply-adds at the default setting");
            assertTrue(inference(CellKind.LSTM, big, null, false).isPresent());
            Backend off = Nd4jTestBackend.createWith(Nd4jSettings.RNN_WORK, "0");
            Operands gru = operands(CellKind.GRU, DType.FLOAT32, 4, 3, 2, 5, true);
            assertFalse(off.recurrentInference(CellKind.GRU, gru.x(), gru.initial(), gru.wIh(), gru.bIh(),
                    gru.wHh(), gru.bHh(), null, false).isPresent());
        }
    }

    @Test
    @DisplayName("rejects a weight of the wrong shape, naming it, before any native call")
    void rejectsBadShapes() {
        try (TensorScope scope = TensorScope.open()) {
            Operands o = operands(CellKind.LSTM, DType.FLOAT32, 4, 3, 2, 5, true);
            Tensor wrong = random(DType.FLOAT32, 0.1, 20, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.recurrentInference(
                    CellKind.LSTM, o.x(), o.initial(), wrong, o.bIh(), o.wHh(), o.bHh(), null, false));
            assertTrue(e.getMessage().contains("inputWeight"), e.getMessage());
        }
    }

    @Test
    @DisplayName("a stacked bidirectional GRU layer serves the same numbers with the primitive as without it")
    void layerWithAndWithoutThePrimitive() {
        Backend loop = Nd4jTestBackend.createWith(Nd4jSettings.RNN_WORK, "0");
        double[] x = new double[9 * 4 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        List<double[]> results = new ArrayList<>();
        for (Backend backend : List.of(be, loop)) {
            RecurrentLayer layer = RecurrentLayer.builder("gru").backend(backend).dtype(DType.FLOAT32).inputSize(6)
                    .hiddenSize(10).numLayers(2).bidirectional(true).seed(5).build();
            layer.train(false);
            try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
                LayerOutput out = layer.forward(Variable.constant(backend.fromArray(x, Shape.of(9, 4, 6),
                        DType.FLOAT32)));
                results.add(out.output().value().toDoubleArray());
                results.add(out.hn().value().toDoubleArray());
            }
        }
        for (int r = 0; r < 2; r++) {
            double[] with = results.get(r);
            double[] without = results.get(r + 2);
            assertEquals(without.length, with.length);
            for (int i = 0; i < with.length; i++) {
                assertEquals(without[i], with[i], TOLERANCE, "element " + i + " of result " + r);
            }
        }
    }
}
