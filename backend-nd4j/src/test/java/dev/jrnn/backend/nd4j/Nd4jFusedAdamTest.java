package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.OptimizerDefaults;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fused Adam update gives the composed default's numbers bit for bit, so training is unchanged by it. */
@DisplayName("ND4J fused Adam update")
class Nd4jFusedAdamTest {
    private final Backend be = Nd4jTestBackend.get();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor random(SplittableRandom r, Shape shape, DType dtype, double lo, double hi) {
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        // a few gradients of very different magnitudes, where rounding differs most
        d[0] *= 1e-6;
        d[1] *= 1e4;
        return be.fromArray(d, shape, dtype);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("equals the composed default exactly over twenty steps of a parameter, moments carried")
    void equalsComposedBitForBit(DType dtype) {
        SplittableRandom r = new SplittableRandom(23);
        // more elements than one chunk, and a partial last chunk
        Shape shape = Shape.of(97, 101);
        Tensor fusedValue = random(r, shape, dtype, -1, 1);
        Tensor composedValue = fusedValue;
        Tensor fm = null;
        Tensor fv = null;
        Tensor cm = null;
        Tensor cv = null;
        double lr = 0.003;
        for (int t = 1; t <= 20; t++) {
            Tensor grad = random(r, shape, dtype, -0.5, 0.5);
            double stepSize = lr / (1 - Math.pow(0.9, t));
            double denominatorScale = 1 / Math.sqrt(1 - Math.pow(0.999, t));
            AdamStep fused = be.adamStep(fusedValue, grad, fm, fv, 0.9, 0.999, 1e-8, stepSize, denominatorScale);
            AdamStep composed = OptimizerDefaults.adamStep(be, composedValue, grad, cm, cv, 0.9, 0.999, 1e-8, stepSize,
                    denominatorScale);
            assertArrayEquals(composed.firstMoment().toDoubleArray(), fused.firstMoment().toDoubleArray(), "m, step " + t);
            assertArrayEquals(composed.secondMoment().toDoubleArray(), fused.secondMoment().toDoubleArray(), "v, step " + t);
            assertArrayEquals(composed.value().toDoubleArray(), fused.value().toDoubleArray(), "value, step " + t);
            fusedValue = fused.value();
            fm = fused.firstMoment();
            fv = fused.secondMoment();
            composedValue = composed.value();
            cm = composed.firstMoment();
            cv = composed.secondMoment();
        }
    }

    @Test
    @DisplayName("refuses one moment without the other and operands of another shape")
    void checksOperands() {
        Tensor p = be.zeros(Shape.of(2, 3), DType.FLOAT32);
        Tensor g = be.zeros(Shape.of(2, 3), DType.FLOAT32);
        Tensor wrong = be.zeros(Shape.of(3, 2), DType.FLOAT32);
        assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, g, p, null, 0.9, 0.999, 1e-8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, wrong, null, null, 0.9, 0.999, 1e-8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, g, wrong, wrong, 0.9, 0.999, 1e-8, 1, 1));
    }
}
