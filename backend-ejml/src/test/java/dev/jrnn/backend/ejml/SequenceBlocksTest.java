package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.kernels.CpuSettings;
import dev.jrnn.kernels.Workers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML recurrences split into blocks of batch rows")
class SequenceBlocksTest {
    private static final int STEPS = 6;
    private static final int BATCH = 21;
    private static final int HIDDEN = 32;
    private final EjmlBackend whole = backend(Long.MAX_VALUE);
    private final EjmlBackend blocks = backend(0);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static EjmlBackend backend(long sequenceWork) {
        EjmlSettings d = EjmlSettings.defaults();
        return new EjmlBackend(new EjmlSettings(CpuSettings.defaults(), d.parallelWork(), d.concurrentWork(),
                d.weightCache(), sequenceWork));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        int[] ragged = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            ragged[b] = (b * 5) % (STEPS + 1);
        }
        for (CellKind kind : CellKind.values()) {
            for (DType dtype : DType.values()) {
                for (boolean reverse : new boolean[] {false, true}) {
                    all.add(Arguments.of(kind, dtype, reverse, null));
                    all.add(Arguments.of(kind, dtype, reverse, ragged));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} reverse={2} lengths={3}")
    @MethodSource("cases")
    @DisplayName("a sequence run in blocks of rows equals, bit for bit, the same sequence run whole")
    void blocksEqualWhole(CellKind kind, DType dtype, boolean reverse, int[] lengths) {
        Fixtures f = new Fixtures(dtype);
        int gh = kind.gates() * HIDDEN;
        double[] p = f.values(STEPS * BATCH * gh, 1);
        double[] w = f.values(gh * HIDDEN, 0.3);
        double[] b = f.values(gh, 0.5);
        double[][] initial = new double[kind.states()][];
        double[][] dFinal = new double[kind.states()][];
        for (int s = 0; s < kind.states(); s++) {
            initial[s] = f.values(BATCH * HIDDEN, 1);
            dFinal[s] = f.values(BATCH * HIDDEN, 1);
        }
        double[] dOut = f.values(STEPS * BATCH * HIDDEN, 1);
        List<double[]> expected = run(whole, kind, dtype, reverse, lengths, p, w, b, initial, dFinal, dOut);
        List<double[]> actual = run(blocks, kind, dtype, reverse, lengths, p, w, b, initial, dFinal, dOut);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "result #" + i);
        }
    }

    /** Every tensor forward and backward produce, as doubles. */
    private static List<double[]> run(EjmlBackend be, CellKind kind, DType dtype, boolean reverse, int[] lengths,
                                      double[] p, double[] w, double[] b, double[][] initial, double[][] dFinal,
                                      double[] dOut) {
        int gh = kind.gates() * HIDDEN;
        List<Tensor> h0 = new ArrayList<>();
        List<Tensor> dh = new ArrayList<>();
        for (int s = 0; s < initial.length; s++) {
            h0.add(be.fromArray(initial[s], dev.jrnn.api.Shape.of(BATCH, HIDDEN), dtype));
            dh.add(be.fromArray(dFinal[s], dev.jrnn.api.Shape.of(BATCH, HIDDEN), dtype));
        }
        Tensor weight = be.fromArray(w, dev.jrnn.api.Shape.of(gh, HIDDEN), dtype);
        SequenceForward fwd = be.recurrentForward(kind, be.fromArray(p, dev.jrnn.api.Shape.of(STEPS, BATCH, gh), dtype),
                h0, weight, be.fromArray(b, dev.jrnn.api.Shape.of(gh), dtype), lengths, reverse);
        SequenceGradient grad = be.recurrentBackward(kind, fwd, h0, weight,
                be.fromArray(dOut, dev.jrnn.api.Shape.of(STEPS, BATCH, HIDDEN), dtype), dh, lengths, reverse);
        List<Tensor> all = new ArrayList<>();
        all.add(fwd.output());
        all.addAll(fwd.finalState());
        all.addAll(fwd.saved());
        all.add(grad.dInputProjection());
        all.addAll(grad.dInitialState());
        all.add(grad.dRecurrentWeight());
        all.add(grad.dRecurrentBias());
        return all.stream().map(Tensor::toDoubleArray).toList();
    }

    @Test
    @DisplayName("the row blocks cover the batch once, cut at whole tiles, one per core")
    void blocksAreWholeTiles() {
        Parallel parallel = new Parallel(Workers.spinning(0), 1L << 40, 100, new BusyThreads(Workers.threads(), System::nanoTime));
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        parallel.perCore(21, 6, 100, rows -> true, (from, to) -> seen.add(new int[] {from, to}));
        seen.sort((x, y) -> Integer.compare(x[0], y[0]));
        int cores = Math.min(Workers.threads(), 4);
        assertEquals(cores < 2 ? 1 : cores, seen.size(), "blocks");
        assertEquals(0, seen.get(0)[0]);
        assertEquals(21, seen.get(seen.size() - 1)[1]);
        for (int i = 0; i < seen.size(); i++) {
            if (i > 0) {
                assertEquals(seen.get(i - 1)[1], seen.get(i)[0], "blocks are contiguous");
            }
            assertTrue(seen.get(i)[0] % 6 == 0, "block " + i + " starts at a whole tile");
        }
    }

    @Test
    @DisplayName("a recurrence below the work threshold, or with a block too small for the vector kernels, runs whole")
    void smallRecurrencesRunWhole() {
        Parallel parallel = new Parallel(Workers.spinning(0), 1L << 40, 100, new BusyThreads(Workers.threads(), System::nanoTime));
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        parallel.perCore(21, 6, 99, rows -> true, (from, to) -> seen.add(new int[] {from, to}));
        parallel.perCore(21, 6, 100, rows -> rows > 12, (from, to) -> seen.add(new int[] {from, to}));
        assertEquals(2, seen.size());
        for (int[] block : seen) {
            assertArrayEquals(new int[] {0, 21}, block);
        }
    }
}
