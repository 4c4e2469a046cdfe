package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("the EJML fused ops reject bad input")
class FusedValidationTest {
    private final EjmlBackend be = new EjmlBackend();
    private final Fixtures f = new Fixtures(DType.FLOAT64);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    @DisplayName("a step names the operand whose shape or dtype is wrong")
    void stepsNameTheBadOperand() {
        Tensor h = f.signed(be, 2, 3);
        Tensor w = f.signed(be, 12, 3);
        rejects(() -> be.lstmStep(f.signed(be, 2, 11), h, h, w, null), "lstmStep", "inputProjection", "[2, 12]");
        rejects(() -> be.lstmStep(f.signed(be, 2, 12), h, h, f.signed(be, 12, 4), null), "recurrentWeight");
        Tensor h32 = be.zeros(h.shape(), DType.FLOAT32);
        rejects(() -> be.gruStep(f.signed(be, 2, 9), h32, f.signed(be, 9, 3), null), "gruStep", "FLOAT64");
        rejects(() -> be.linear(f.signed(be, 4, 3), f.signed(be, 5, 3), f.signed(be, 4)), "linear", "bias", "[5]");
        Tensor foreign = new ReferenceBackend().zeros(h.shape(), DType.FLOAT64);
        rejects(() -> be.rnnStep(CellKind.RNN_TANH, f.signed(be, 2, 3), foreign, f.signed(be, 3, 3), null),
                "rnnStep", "reference");
    }

    @Test
    @DisplayName("a sequence rejects a wrong number of states and lengths outside [0, T]")
    void sequencesRejectBadStatesAndLengths() {
        Tensor p = f.signed(be, 4, 2, 12);
        Tensor w = f.signed(be, 12, 3);
        Tensor h0 = f.signed(be, 2, 3);
        rejects(() -> be.recurrentForward(CellKind.LSTM, p, List.of(h0), w, null, null, false), "LSTM needs 2");
        rejects(() -> be.recurrentForward(CellKind.LSTM, p, List.of(h0, h0), w, null, new int[] {4, 5}, false),
                "length 5 of sequence 1");
        rejects(() -> be.recurrentForward(CellKind.LSTM, p, List.of(h0, h0), w, null, new int[] {4}, false),
                "1 lengths given for a batch of 2");
        rejects(() -> be.recurrentForward(CellKind.GRU, p, List.of(h0), w, null, null, false), "recurrentWeight",
                "[9, 3]");
    }
}
