package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertAllClose;
import static dev.jrnn.backend.ejml.Fixtures.assertClose;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("EJML fused steps")
class FusedStepsTest {
    private static final int BATCH = 3;
    private static final int HIDDEN = 5;
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

    static Stream<Arguments> dtypesAndBias() {
        return Stream.of(DType.values()).flatMap(d -> Stream.of(Arguments.of(d, true), Arguments.of(d, false)));
    }

    @ParameterizedTest(name = "{0} bias={1}")
    @MethodSource("dtypesAndBias")
    @DisplayName("linear equals x W^T + b composed of matmul and add")
    void linearMatchesComposition(DType dtype, boolean withBias) {
        Fixtures f = new Fixtures(dtype);
        Tensor x = f.signed(be, 4, 6);
        Tensor w = f.signed(be, 7, 6);
        Tensor b = withBias ? f.signed(be, 7) : null;
        assertClose("linear", RecurrentDefaults.linear(be, x, w, b), be.linear(x, w, b));
    }

    @ParameterizedTest(name = "{0} bias={1}")
    @MethodSource("dtypesAndBias")
    @DisplayName("lstm step and its backward equal the composed definitions")
    void lstmStepMatchesComposition(DType dtype, boolean withBias) {
        Fixtures f = new Fixtures(dtype);
        Tensor p = f.signed(be, BATCH, 4 * HIDDEN);
        Tensor h = f.signed(be, BATCH, HIDDEN);
        Tensor c = f.signed(be, BATCH, HIDDEN);
        Tensor w = f.signed(be, 4 * HIDDEN, HIDDEN);
        Tensor b = withBias ? f.signed(be, 4 * HIDDEN) : null;
        LstmStep expected = RecurrentDefaults.lstmStep(be, p, h, c, w, b);
        LstmStep actual = be.lstmStep(p, h, c, w, b);
        assertAllClose("lstmStep", List.of(expected.h(), expected.c(), expected.gates()),
                List.of(actual.h(), actual.c(), actual.gates()));

        Tensor dh = f.signed(be, BATCH, HIDDEN);
        Tensor dc = f.signed(be, BATCH, HIDDEN);
        LstmStepGradient ge = RecurrentDefaults.lstmStepBackward(be, dh, dc, expected.gates(), c, expected.c(), w);
        LstmStepGradient ga = be.lstmStepBackward(dh, dc, expected.gates(), c, expected.c(), w);
        assertAllClose("lstmStepBackward", List.of(ge.dGates(), ge.dh(), ge.dc()),
                List.of(ga.dGates(), ga.dh(), ga.dc()));
    }

    @ParameterizedTest(name = "{0} bias={1}")
    @MethodSource("dtypesAndBias")
    @DisplayName("gru step and its backward equal the composed definitions")
    void gruStepMatchesComposition(DType dtype, boolean withBias) {
        Fixtures f = new Fixtures(dtype);
        Tensor p = f.signed(be, BATCH, 3 * HIDDEN);
        Tensor h = f.signed(be, BATCH, HIDDEN);
        Tensor w = f.signed(be, 3 * HIDDEN, HIDDEN);
        Tensor b = withBias ? f.signed(be, 3 * HIDDEN) : null;
        GruStep expected = RecurrentDefaults.gruStep(be, p, h, w, b);
        GruStep actual = be.gruStep(p, h, w, b);
        assertAllClose("gruStep", List.of(expected.h(), expected.gates(), expected.hiddenNew()),
                List.of(actual.h(), actual.gates(), actual.hiddenNew()));

        Tensor dh = f.signed(be, BATCH, HIDDEN);
        GruStepGradient ge = RecurrentDefaults.gruStepBackward(be, dh, expected.gates(), expected.hiddenNew(), h, w);
        GruStepGradient ga = be.gruStepBackward(dh, expected.gates(), expected.hiddenNew(), h, w);
        assertAllClose("gruStepBackward", List.of(ge.dInputGates(), ge.dHiddenGates(), ge.dh()),
                List.of(ga.dInputGates(), ga.dHiddenGates(), ga.dh()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("tanh and relu Elman steps and their backward equal the composed definitions")
    void rnnStepMatchesComposition(DType dtype) {
        for (CellKind kind : List.of(CellKind.RNN_TANH, CellKind.RNN_RELU)) {
            for (boolean withBias : new boolean[] {true, false}) {
                Fixtures f = new Fixtures(dtype);
                Tensor p = f.signed(be, BATCH, HIDDEN);
                Tensor h = f.signed(be, BATCH, HIDDEN);
                Tensor w = f.signed(be, HIDDEN, HIDDEN);
                Tensor b = withBias ? f.signed(be, HIDDEN) : null;
                Tensor expected = RecurrentDefaults.rnnStep(be, kind, p, h, w, b);
                assertClose(kind + " rnnStep", expected, be.rnnStep(kind, p, h, w, b));

                Tensor dh = f.signed(be, BATCH, HIDDEN);
                RnnStepGradient ge = RecurrentDefaults.rnnStepBackward(be, kind, dh, expected, w);
                RnnStepGradient ga = be.rnnStepBackward(kind, dh, expected, w);
                assertAllClose(kind + " rnnStepBackward", List.of(ge.dPre(), ge.dh()), List.of(ga.dPre(), ga.dh()));
            }
        }
    }
}
