package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertAllClose;
import static dev.jrnn.backend.ejml.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.jrnn.kernels.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML batch-1 LSTM sequences, split over the cores in lockstep")
class OneRowLstmTest {
    private static final int STEPS = 7;
    private static final int HIDDEN = 64;
    private final EjmlBackend oneThread = backend(Long.MAX_VALUE);
    private final EjmlBackend split = backend(0);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static EjmlBackend backend(long stepWork) {
        EjmlSettings d = EjmlSettings.defaults();
        return new EjmlBackend(new EjmlSettings(CpuSettings.defaults(), d.parallelWork(), d.concurrentWork(),
                d.weightCache(), d.sequenceWork(), stepWork));
    }

    /** Each direction, with every step running, with the sequence stopping early, and with no step running. */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (boolean reverse : new boolean[] {false, true}) {
            for (int[] lengths : new int[][] {null, {STEPS}, {3}, {0}}) {
                all.add(Arguments.of(reverse, lengths));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "reverse={0} lengths={1}")
    @MethodSource("cases")
    @DisplayName("split over the cores, a sequence equals bit for bit the same sequence on one thread")
    void splitEqualsOneThread(boolean reverse, int[] lengths) {
        Inputs in = new Inputs(new Fixtures(DType.FLOAT32));
        List<double[]> expected = in.forward(oneThread, reverse, lengths);
        List<double[]> actual = in.forward(split, reverse, lengths);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "result #" + i);
        }
    }

    @ParameterizedTest(name = "reverse={0} lengths={1}")
    @MethodSource("cases")
    @DisplayName("split or not, a sequence equals the composed step-by-step definition")
    void matchesComposition(boolean reverse, int[] lengths) {
        for (EjmlBackend be : List.of(oneThread, split)) {
            Inputs in = new Inputs(new Fixtures(DType.FLOAT32));
            Tensor p = be.fromArray(in.projection, Shape.of(STEPS, 1, 4 * HIDDEN), DType.FLOAT32);
            Tensor w = be.fromArray(in.weight, Shape.of(4 * HIDDEN, HIDDEN), DType.FLOAT32);
            Tensor b = be.fromArray(in.bias, Shape.of(4 * HIDDEN), DType.FLOAT32);
            List<Tensor> initial = in.initial(be);
            SequenceForward expected = RecurrentDefaults.sequenceForward(be, CellKind.LSTM, p, initial, w, b, lengths,
                    reverse);
            SequenceForward actual = be.recurrentForward(CellKind.LSTM, p, initial, w, b, lengths, reverse);
            assertClose("output", expected.output(), actual.output());
            assertAllClose("final state", expected.finalState(), actual.finalState());
            assertAllClose("saved", expected.saved(), actual.saved());
        }
    }

    @Test
    @DisplayName("a step is split into one block per core only where its product pays and H cuts into whole tiles")
    void partsCutWholeTiles() {
        int cores = Workers.threads();
        assertEquals(1, OneRowLstm.parts(64, 16, 4L * 64 * 64 + 1), "below the step work");
        assertEquals(1, OneRowLstm.parts(40, 16, 0), "40 is no whole number of 16-column tiles per core");
        int parts = OneRowLstm.parts(128, 16, 0);
        assertTrue(parts == 1 ? cores < 2 : parts <= cores && 128 % (parts * 16) == 0, "parts " + parts);
    }

    @Test
    @DisplayName("lockstep runs every part of every step once, each step after all parts of the one before")
    void lockstepOrdersSteps() {
        int steps = 200;
        int parts = 2;
        AtomicIntegerArray runs = new AtomicIntegerArray(steps * parts);
        AtomicInteger finished = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        Lockstep.run(Workers.spinning(100), steps, parts, (step, part) -> {
            if (finished.get() < step * parts) {
                errors.add("step " + step + " part " + part + " began before step " + (step - 1) + " ended");
            }
            runs.incrementAndGet(step * parts + part);
            finished.incrementAndGet();
        });
        assertEquals(List.of(), errors);
        for (int i = 0; i < steps * parts; i++) {
            assertEquals(1, runs.get(i), "runs of part " + i);
        }
    }

    @Test
    @DisplayName("a part that throws stops the sequence and its exception reaches the caller")
    void lockstepRethrows() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Lockstep.run(Workers.spinning(100), 50, 2, (step, part) -> {
                    if (step == 20 && part == 1) {
                        throw new IllegalStateException("part failed");
                    }
                }));
        assertEquals("part failed", e.getMessage());
    }

    /** One set of seeded inputs for a [T, 1, 4H] LSTM sequence. */
    private static final class Inputs {
        final double[] projection;
        final double[] weight;
        final double[] bias;
        final double[] h0;
        final double[] c0;

        Inputs(Fixtures f) {
            projection = f.values(STEPS * 4 * HIDDEN, 1);
            weight = f.values(4 * HIDDEN * HIDDEN, 0.3);
            bias = f.values(4 * HIDDEN, 0.5);
            h0 = f.values(HIDDEN, 1);
            c0 = f.values(HIDDEN, 1);
        }

        List<Tensor> initial(EjmlBackend be) {
            return List.of(be.fromArray(h0, Shape.of(1, HIDDEN), DType.FLOAT32),
                    be.fromArray(c0, Shape.of(1, HIDDEN), DType.FLOAT32));
        }

        /** Output, final state and saved tensors of the forward pass, as doubles. */
        List<double[]> forward(EjmlBackend be, boolean reverse, int[] lengths) {
            SequenceForward fwd = be.recurrentForward(CellKind.LSTM,
                    be.fromArray(projection, Shape.of(STEPS, 1, 4 * HIDDEN), DType.FLOAT32), initial(be),
                    be.fromArray(weight, Shape.of(4 * HIDDEN, HIDDEN), DType.FLOAT32),
                    be.fromArray(bias, Shape.of(4 * HIDDEN), DType.FLOAT32), lengths, reverse);
            List<Tensor> all = new ArrayList<>();
            all.add(fwd.output());
            all.addAll(fwd.finalState());
            all.addAll(fwd.saved());
            return all.stream().map(Tensor::toDoubleArray).toList();
        }
    }
}
