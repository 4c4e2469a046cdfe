package dev.jrnn.models.loss;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;

/**
 * Gaussian negative log-likelihood of a head that predicts, per target, a mean {@code mu} and an
 * unconstrained {@code rho} that sets the scale through a softplus:
 *
 * <pre>
 *   sigma_i = softplus(rho_i) + s_min,   softplus(x) = ln(1 + e^x)
 *   L       = (1/N) sum_i [ ln sigma_i + (y_i - mu_i)^2 / (2 sigma_i^2) ]
 * </pre>
 *
 * <p>This is {@link GaussianNllLoss} (PyTorch's {@code GaussianNLLLoss}, {@code full=false}) with
 * {@code var = sigma^2}, computed through it; the floor {@code s_min} keeps the likelihood finite
 * when the head grows too sure. Gradients come from the graph:
 * {@code dL/dmu = -(y - mu) / (N sigma^2)},
 * {@code dL/drho = (1/sigma - (y - mu)^2 / sigma^3) sigmoid(rho) / N}.
 *
 * <p>The prediction has the target's shape with a trailing axis of 2, (mu, rho): [..., 2] against [...].
 *
 * @param minScale  {@code s_min}, positive (1e-3 for the forecaster's heads)
 * @param reduction mean over the targets or sum
 */
public record SoftplusGaussianNllLoss(double minScale, Reduction reduction) implements Loss {

    public SoftplusGaussianNllLoss {
        if (!(minScale > 0)) {
            throw new IllegalArgumentException("SoftplusGaussianNllLoss: minScale must be positive, got " + minScale);
        }
    }

    @Override
    public Variable apply(Variable prediction, Variable target) {
        return reduction.apply(terms(prediction, target));
    }

    /** {@code ln sigma_i + (y_i - mu_i)^2 / (2 sigma_i^2)} of every target, of the target's shape. */
    @Override
    public Variable terms(Variable prediction, Variable target) {
        Loss.checkPerTarget("SoftplusGaussianNllLoss", prediction, target, 2);
        int n = target.shape().size();
        Variable pairs = Ops.reshape(prediction, Shape.of(n, 2));
        Variable mu = Ops.reshape(Ops.slice(pairs, 1, 0, 1), Shape.of(n));
        Variable rho = Ops.reshape(Ops.slice(pairs, 1, 1, 2), Shape.of(n));
        Variable floor = Variable.constant(prediction.backend().scalar(minScale, prediction.dtype()));
        Variable sigma = Ops.add(softplus(rho), floor);
        // sigma >= s_min > 0, so no variance floor is needed: eps 0
        Variable terms = new GaussianNllLoss(0.0, false, reduction).terms(mu, Ops.reshape(target, Shape.of(n)),
                Ops.mul(sigma, sigma));
        return Ops.reshape(terms, target.shape());
    }

    /** The scale {@code softplus(rho) + s_min} on the host, for decoding a head's output. */
    public double scale(double rho) {
        return (rho > 30 ? rho : Math.log1p(Math.exp(rho))) + minScale;
    }

    /**
     * {@code softplus(x) = ln(1 + e^x)}, computed as {@code max(x, 0) + ln(1 + e^-|x|)} so that no
     * exponential overflows; its derivative is {@code sigmoid(x)} everywhere, 1/2 at 0 included
     * (where {@link Ops#max} splits the tie and {@code |x|}'s slope is 0).
     */
    public static Variable softplus(Variable x) {
        Variable zero = Variable.constant(x.backend().scalar(0.0, x.dtype()));
        Variable one = Variable.constant(x.backend().scalar(1.0, x.dtype()));
        return Ops.add(Ops.max(x, zero), Ops.log(Ops.add(one, Ops.exp(Ops.neg(Ops.abs(x))))));
    }
}
