package dev.jrnn.conformance;

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

/**
 * A stricter check than {@link StepSuite}'s, for a backend whose fused {@code adamStep} promises the
 * composed default's rounding: twenty steps of one parameter, the moments carried from step to step,
 * must give the default's numbers bit for bit, so that training is unchanged by the override. A
 * backend that only promises the kit's tolerances does not call it.
 */
public final class AdamTrajectory {
    private static final int STEPS = 20;

    private AdamTrajectory() {
    }

    /**
     * Asserts that {@code be.adamStep} equals {@link OptimizerDefaults#adamStep} exactly over twenty
     * steps of a parameter of {@code shape} (choose one larger than the backend's chunk, with a partial
     * last chunk), gradients including values 1e-6 and 1e4 times the others.
     */
    public static void assertBitIdenticalToDefault(Backend be, DType dtype, Shape shape) {
        try (TensorScope scope = TensorScope.open()) {
            SplittableRandom r = new SplittableRandom(23);
            Tensor fusedValue = random(be, r, shape, dtype, -1, 1);
            Tensor composedValue = fusedValue;
            Tensor fm = null;
            Tensor fv = null;
            Tensor cm = null;
            Tensor cv = null;
            double lr = 0.003;
            for (int t = 1; t <= STEPS; t++) {
                Tensor grad = random(be, r, shape, dtype, -0.5, 0.5);
                double stepSize = lr / (1 - Math.pow(0.9, t));
                double denominatorScale = 1 / Math.sqrt(1 - Math.pow(0.999, t));
                AdamStep fused = be.adamStep(fusedValue, grad, fm, fv, 0.9, 0.999, 1e-8, stepSize, denominatorScale);
                AdamStep composed = OptimizerDefaults.adamStep(be, composedValue, grad, cm, cv, 0.9, 0.999, 1e-8,
                        stepSize, denominatorScale);
                assertArrayEquals(composed.firstMoment().toDoubleArray(), fused.firstMoment().toDoubleArray(),
                        "m, step " + t);
                assertArrayEquals(composed.secondMoment().toDoubleArray(), fused.secondMoment().toDoubleArray(),
                        "v, step " + t);
                assertArrayEquals(composed.value().toDoubleArray(), fused.value().toDoubleArray(), "value, step " + t);
                fusedValue = fused.value();
                fm = fused.firstMoment();
                fv = fused.secondMoment();
                composedValue = composed.value();
                cm = composed.firstMoment();
                cv = composed.secondMoment();
            }
        }
    }

    /** Asserts that {@code be.adamStep} refuses one moment without the other and operands of another shape. */
    public static void assertChecksOperands(Backend be) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor p = be.zeros(Shape.of(2, 3), DType.FLOAT32);
            Tensor g = be.zeros(Shape.of(2, 3), DType.FLOAT32);
            Tensor wrong = be.zeros(Shape.of(3, 2), DType.FLOAT32);
            assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, g, p, null, 0.9, 0.999, 1e-8, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, wrong, null, null, 0.9, 0.999, 1e-8, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> be.adamStep(p, g, wrong, wrong, 0.9, 0.999, 1e-8, 1, 1));
        }
    }

    private static Tensor random(Backend be, SplittableRandom r, Shape shape, DType dtype, double lo, double hi) {
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        // a few gradients of very different magnitudes, where rounding differs most
        d[0] *= 1e-6;
        d[1] *= 1e4;
        return be.fromArray(d, shape, dtype);
    }
}
