package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertAllClose;
import static dev.jrnn.backend.ejml.Fixtures.assertClose;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML batch-1 LSTM sequences on the one-row kernel")
class OneRowLstmTest {
    private static final int STEPS = 7;
    private static final int HIDDEN = 64;
    private final EjmlBackend be = new EjmlBackend(EjmlSettings.defaults());
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
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
    @DisplayName("a sequence equals the composed step-by-step definition")
    void matchesComposition(boolean reverse, int[] lengths) {
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
    }
}
