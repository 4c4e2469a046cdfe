package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertAllClose;
import static dev.jrnn.backend.ejml.Fixtures.assertClose;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML whole-sequence kernels")
class SequenceKernelsTest {
    private static final int STEPS = 5;
    private static final int BATCH = 4;
    private static final int HIDDEN = 3;
    private final EjmlBackend be = new EjmlBackend();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** Every cell kind and dtype, each direction, without lengths, with ragged lengths (0 and T included), all full. */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        int[][] lengthSets = {null, {STEPS, 2, 0, 4}, {STEPS, STEPS, STEPS, STEPS}};
        for (CellKind kind : CellKind.values()) {
            for (DType dtype : DType.values()) {
                for (boolean reverse : new boolean[] {false, true}) {
                    for (int[] lengths : lengthSets) {
                        all.add(Arguments.of(kind, dtype, reverse, lengths));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} reverse={2} lengths={3}")
    @MethodSource("cases")
    @DisplayName("recurrentForward and recurrentBackward equal the composed step-by-step definitions")
    void sequenceMatchesComposition(CellKind kind, DType dtype, boolean reverse, int[] lengths) {
        Fixtures f = new Fixtures(dtype);
        int gh = kind.gates() * HIDDEN;
        Tensor p = f.signed(be, STEPS, BATCH, gh);
        Tensor w = f.signed(be, gh, HIDDEN);
        Tensor b = f.signed(be, gh);
        List<Tensor> initial = new ArrayList<>();
        List<Tensor> dFinal = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(f.signed(be, BATCH, HIDDEN));
            dFinal.add(f.signed(be, BATCH, HIDDEN));
        }
        Tensor dOut = f.signed(be, STEPS, BATCH, HIDDEN);

        SequenceForward expected = RecurrentDefaults.sequenceForward(be, kind, p, initial, w, b, lengths, reverse);
        SequenceForward actual = be.recurrentForward(kind, p, initial, w, b, lengths, reverse);
        assertClose("output", expected.output(), actual.output());
        assertAllClose("final state", expected.finalState(), actual.finalState());
        assertAllClose("saved", expected.saved(), actual.saved());

        SequenceGradient ge = RecurrentDefaults.sequenceBackward(be, kind, expected, initial, w, dOut, dFinal, lengths,
                reverse);
        SequenceGradient ga = be.recurrentBackward(kind, expected, initial, w, dOut, dFinal, lengths, reverse);
        assertClose("dInputProjection", ge.dInputProjection(), ga.dInputProjection());
        assertAllClose("dInitialState", ge.dInitialState(), ga.dInitialState());
        assertClose("dRecurrentWeight", ge.dRecurrentWeight(), ga.dRecurrentWeight());
        assertClose("dRecurrentBias", ge.dRecurrentBias(), ga.dRecurrentBias());
    }
}
