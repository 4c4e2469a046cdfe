package dev.jrnn.models.optim;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;

/**
 * Gradient clipping by global norm (Pascanu, Mikolov and Bengio, 2013), as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_}.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * The global norm of the gradients, {@code N = sqrt(sum_p ||grad_p||^2)} over the parameters that
     * have one (0 when none has).
     */
    public static double globalNorm(Iterable<Parameter> parameters) {
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                Backend be = g.backend();
                try (TensorScope scope = TensorScope.open()) {
                    Tensor flat = be.reshape(g, Shape.of(g.size()));
                    sumOfSquares += be.sum(be.mul(flat, flat), 0).item();
                }
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales every gradient by {@code min(1, maxNorm / (N + 1e-6))} where {@code N} is the
     * {@link #globalNorm}; modifies the parameters' gradients (replaced via
     * {@link Parameter#setGradient}) when the factor is below 1.
     *
     * @return N, the norm before clipping (may be infinite or NaN; gradients are then left alone)
     */
    public static double clipByGlobalNorm(Iterable<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        double factor = maxNorm / (norm + 1e-6);
        if (factor < 1.0 && Double.isFinite(norm)) {
            for (Parameter p : parameters) {
                if (p.grad() != null) {
                    p.setGradient(p.backend().scale(p.grad(), factor));
                }
            }
        }
        return norm;
    }
}
