package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertAllClose;
import static dev.jrnn.backend.ejml.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.kernels.CpuSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML LSTM inference on the stacked-weight kernel")
class SequenceInferenceTest {
    private static final int STEPS = 9;
    private static final int INPUTS = 5;
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static EjmlBackend backend(long sequenceWork, boolean weightCache, boolean inferenceKernel) {
        EjmlSettings d = EjmlSettings.defaults();
        return new EjmlBackend(new EjmlSettings(CpuSettings.defaults(), d.parallelWork(), d.concurrentWork(),
                weightCache, sequenceWork, inferenceKernel));
    }

    /**
     * Batch sizes (one row, on the one-row product) run whole and in blocks per core, hidden sizes with and without a scalar tail, both
     * directions, each bias present or not.
     */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int batch : new int[] {1, 2, 21}) {
            for (int hidden : new int[] {12, 32}) {
                for (long sequenceWork : new long[] {0, Long.MAX_VALUE}) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        all.add(Arguments.of(batch, hidden, sequenceWork, reverse, true, true));
                    }
                }
            }
        }
        all.add(Arguments.of(21, 32, 0L, false, false, true));
        all.add(Arguments.of(21, 32, 0L, false, true, false));
        all.add(Arguments.of(21, 32, 0L, true, false, false));
        all.add(Arguments.of(1, 32, 0L, true, false, false));
        all.add(Arguments.of(1, 32, 0L, false, true, false));
        return all.stream();
    }

    @ParameterizedTest(name = "B={0} H={1} sequenceWork={2} reverse={3} b_ih={4} b_hh={5}")
    @MethodSource("cases")
    @DisplayName("the output and final states equal the projection followed by the training kernel")
    void matchesProjectionAndForward(int batch, int hidden, long sequenceWork, boolean reverse, boolean withInputBias,
                                     boolean withRecurrentBias) {
        EjmlBackend be = backend(sequenceWork, true, true);
        Layer l = new Layer(be, batch, hidden, withInputBias, withRecurrentBias);
        SequenceForward expected = RecurrentDefaults.sequenceInference(be, CellKind.LSTM, l.x, l.initial, l.wIh, l.bIh,
                l.wHh, l.bHh, null, reverse);
        Optional<SequenceForward> actual = be.recurrentInference(CellKind.LSTM, l.x, l.initial, l.wIh, l.bIh, l.wHh,
                l.bHh, new int[batch], reverse);
        assertTrue(actual.isEmpty(), "sequences shorter than T are declined");
        int[] full = new int[batch];
        Arrays.fill(full, STEPS);
        for (int[] lengths : new int[][] {null, full}) {
            SequenceForward got = be.recurrentInference(CellKind.LSTM, l.x, l.initial, l.wIh, l.bIh, l.wHh, l.bHh,
                    lengths, reverse).orElseThrow(() -> new AssertionError("the kernel declined a FLOAT32 LSTM"));
            assertClose("output", expected.output(), got.output());
            assertAllClose("final state", expected.finalState(), got.finalState());
            assertTrue(got.saved().isEmpty(), "nothing is saved for a backward pass");
        }
    }

    @Test
    @DisplayName("the same pass without the weight cache gives the same numbers")
    void weightCacheOffGivesSameNumbers() {
        EjmlBackend cached = backend(0, true, true);
        EjmlBackend uncached = backend(0, false, true);
        Layer a = new Layer(cached, 8, 16, true, true);
        Layer b = new Layer(uncached, 8, 16, true, true);
        SequenceForward x = cached.recurrentInference(CellKind.LSTM, a.x, a.initial, a.wIh, a.bIh, a.wHh, a.bHh, null,
                false).orElseThrow();
        SequenceForward y = uncached.recurrentInference(CellKind.LSTM, b.x, b.initial, b.wIh, b.bIh, b.wHh, b.bHh,
                null, false).orElseThrow();
        assertArrayEquals(x.output().toFloatArray(), y.output().toFloatArray());
    }

    @Test
    @DisplayName("the stacked weights are packed once per pair of weight tensors")
    void stackedWeightsKeptPerPair() {
        EjmlBackend be = backend(0, true, true);
        Layer l = new Layer(be, 4, 16, true, true);
        PackedWeight first = StackedWeights.of(be, l.wIh, l.wHh);
        assertSame(first, StackedWeights.of(be, l.wIh, l.wHh));
        Tensor otherIh = new Fixtures(DType.FLOAT32).signed(be, 64, INPUTS);
        assertNotSame(first, StackedWeights.of(be, otherIh, l.wHh));
    }

    @Test
    @DisplayName("other cells, FLOAT64 and the setting off are declined")
    void declines() {
        EjmlBackend be = backend(0, true, true);
        Layer l = new Layer(be, 4, 8, true, true);
        Fixtures f = new Fixtures(DType.FLOAT32);
        Tensor gruIh = f.signed(be, 24, INPUTS);
        Tensor gruHh = f.signed(be, 24, 8);
        assertTrue(be.recurrentInference(CellKind.GRU, l.x, List.of(l.initial.get(0)), gruIh, null, gruHh, null, null,
                false).isEmpty());
        Fixtures d = new Fixtures(DType.FLOAT64);
        Tensor x64 = d.signed(be, STEPS, 4, INPUTS);
        assertTrue(be.recurrentInference(CellKind.LSTM, x64, List.of(d.signed(be, 4, 8), d.signed(be, 4, 8)),
                d.signed(be, 32, INPUTS), null, d.signed(be, 32, 8), null, null, false).isEmpty());
        EjmlBackend off = backend(0, true, false);
        Layer o = new Layer(off, 4, 8, true, true);
        assertTrue(off.recurrentInference(CellKind.LSTM, o.x, o.initial, o.wIh, o.bIh, o.wHh, o.bHh, null, false)
                .isEmpty());
    }

    @Test
    @DisplayName("operands of the wrong shape fail with the operand's name")
    void badOperandsNamed() {
        EjmlBackend be = backend(0, true, true);
        Layer l = new Layer(be, 4, 8, true, true);
        Fixtures f = new Fixtures(DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.recurrentInference(
                CellKind.LSTM, l.x, l.initial, f.signed(be, 32, INPUTS + 1), l.bIh, l.wHh, l.bHh, null, false));
        assertTrue(e.getMessage().contains("inputWeight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> be.recurrentInference(CellKind.LSTM, l.x,
                List.of(f.signed(be, 3, 8), l.initial.get(1)), l.wIh, l.bIh, l.wHh, l.bHh, null, false));
        assertTrue(e.getMessage().contains("h0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> be.recurrentInference(CellKind.LSTM, l.x,
                List.of(l.initial.get(0)), l.wIh, l.bIh, l.wHh, l.bHh, null, false));
        assertTrue(e.getMessage().contains("initial state"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> be.recurrentInference(CellKind.LSTM, l.x, l.initial,
                l.wIh, f.signed(be, 31), l.wHh, l.bHh, null, false));
        assertTrue(e.getMessage().contains("inputBias"), e.getMessage());
    }

    /** Seeded FLOAT32 operands of one LSTM direction: x [T, B, I], weights, biases (or null), (h0, c0). */
    private static final class Layer {
        final Tensor x;
        final Tensor wIh;
        final Tensor bIh;
        final Tensor wHh;
        final Tensor bHh;
        final List<Tensor> initial;

        Layer(EjmlBackend be, int batch, int hidden, boolean withInputBias, boolean withRecurrentBias) {
            Fixtures f = new Fixtures(DType.FLOAT32);
            x = f.signed(be, STEPS, batch, INPUTS);
            wIh = be.fromArray(f.values(4 * hidden * INPUTS, 0.4), Shape.of(4 * hidden, INPUTS), DType.FLOAT32);
            wHh = be.fromArray(f.values(4 * hidden * hidden, 0.3), Shape.of(4 * hidden, hidden), DType.FLOAT32);
            bIh = withInputBias ? f.signed(be, 4 * hidden) : null;
            bHh = withRecurrentBias ? f.signed(be, 4 * hidden) : null;
            initial = List.of(f.signed(be, batch, hidden), f.signed(be, batch, hidden));
        }
    }
}
