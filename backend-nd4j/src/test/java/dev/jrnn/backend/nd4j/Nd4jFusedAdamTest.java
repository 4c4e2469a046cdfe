package dev.jrnn.backend.nd4j;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.AdamTrajectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fused Adam update gives the composed default's numbers bit for bit, so training is unchanged by it. */
@DisplayName("ND4J fused Adam update")
class Nd4jFusedAdamTest {
    private final Backend be = Nd4jTestBackend.get();

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("equals the composed default exactly over twenty steps of a parameter, moments carried")
    void equalsComposedBitForBit(DType dtype) {
        // more elements than one chunk, and a partial last chunk
        AdamTrajectory.assertBitIdenticalToDefault(be, dtype, Shape.of(97, 101));
    }

    @Test
    @DisplayName("refuses one moment without the other and operands of another shape")
    void checksOperands() {
        AdamTrajectory.assertChecksOperands(be);
    }
}
