package dev.jrnn.backend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.conformance.AdamTrajectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fused Adam update gives the composed default's numbers bit for bit, so training is unchanged by it. */
@DisplayName("EJML fused Adam update")
class FusedAdamTest {
    private final EjmlBackend be = new EjmlBackend();

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("equals the composed default exactly over twenty steps of a parameter, moments carried")
    void equalsComposedBitForBit(DType dtype) {
        AdamTrajectory.assertBitIdenticalToDefault(be, dtype, Shape.of(37, 11));
    }

    @Test
    @DisplayName("refuses one moment without the other and operands of another shape")
    void checksOperands() {
        AdamTrajectory.assertChecksOperands(be);
    }
}
