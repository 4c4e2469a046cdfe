package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Checks;

/**
 * The optimizer updates of {@link Backend} written with its primitives: the definitions that fused
 * overrides must reproduce, operation by operation (each constant a scalar of the tensors' dtype,
 * each operation rounded to it).
 */
public final class OptimizerDefaults {
    private OptimizerDefaults() {
    }

    /** {@link Backend#adamStep}, composed. */
    public static AdamStep adamStep(Backend be, Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment,
                                    double beta1, double beta2, double eps, double stepSize, double denominatorScale) {
        checkAdam(be, value, grad, firstMoment, secondMoment);
        try (TensorScope scope = TensorScope.open()) {
            Tensor m = be.scale(grad, 1.0 - beta1);
            Tensor v = be.scale(be.mul(grad, grad), 1.0 - beta2);
            if (firstMoment != null) {
                m = be.add(be.scale(firstMoment, beta1), m);
                v = be.add(be.scale(secondMoment, beta2), v);
            }
            Tensor denominator = be.add(be.scale(be.sqrt(v), denominatorScale), be.scalar(eps, v.dtype()));
            Tensor next = be.sub(value, be.scale(be.div(m, denominator), stepSize));
            return new AdamStep(scope.keep(next), scope.keep(m), scope.keep(v));
        }
    }

    /**
     * Checks {@link Backend#adamStep}'s operands: all of {@code be}, of one dtype and of the
     * value's shape, the moments both given or both null.
     */
    public static void checkAdam(Backend be, Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment) {
        String op = "adamStep";
        Checks.sameDtype(be, op, value, grad);
        Checks.shape(op, "grad", grad, value.shape());
        if ((firstMoment == null) != (secondMoment == null)) {
            throw new IllegalArgumentException(op + ": the first moment is " + (firstMoment == null ? "" : "not ")
                    + "null but the second is " + (secondMoment == null ? "" : "not ") + "null; give both or neither");
        }
        if (firstMoment != null) {
            Checks.sameDtype(be, op, value, firstMoment);
            Checks.sameDtype(be, op, value, secondMoment);
            Checks.shape(op, "firstMoment", firstMoment, value.shape());
            Checks.shape(op, "secondMoment", secondMoment, value.shape());
        }
    }
}
