package dev.jrnn.models.loss;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;

/**
 * Gaussian negative log-likelihood (PyTorch's {@code GaussianNLLLoss}, {@code full=false}):
 * {@code l_i = (log v_i + (mu_i - y_i)^2 / v_i) / 2} with {@code v = max(var, eps)}.
 *
 * <p>As in PyTorch the clamp is not differentiated: the gradient flows to {@code var} as if
 * unclamped, evaluated at the clamped value. With {@code full} the constant
 * {@code log(2 pi) / 2} is added to every term.
 *
 * @param eps       lower bound of the variance (PyTorch's default 1e-6)
 * @param full      whether to include the constant term
 * @param reduction mean (PyTorch's default) or sum
 */
public record GaussianNllLoss(double eps, boolean full, Reduction reduction) {

    /** PyTorch's defaults: {@code eps = 1e-6}, {@code full = false}, mean. */
    public GaussianNllLoss() {
        this(1e-6, false, Reduction.MEAN);
    }

    /**
     * The loss of predicted means {@code mean} and variances {@code variance} (same shape as
     * {@code mean}, or a trailing suffix of it) against {@code target}.
     */
    public Variable apply(Variable mean, Variable target, Variable variance) {
        return reduction.apply(terms(mean, target, variance));
    }

    /** The terms {@code l_i} before reduction, of the target's shape. */
    public Variable terms(Variable mean, Variable target, Variable variance) {
        Loss.checkPair("GaussianNllLoss", mean, target);
        if (!mean.shape().endsWith(variance.shape())) {
            throw new IllegalArgumentException("GaussianNllLoss: variance has shape " + variance.shape()
                    + ", expected the mean's shape " + mean.shape() + " or a trailing part of it");
        }
        Variable v = clampBelow(variance);
        Variable d = Ops.sub(mean, target);
        Variable terms = Ops.scale(Ops.add(Ops.log(v), Ops.div(Ops.mul(d, d), v)), 0.5);
        if (full) {
            Backend be = mean.backend();
            terms = Ops.add(terms, Variable.constant(be.scalar(0.5 * Math.log(2 * Math.PI), mean.dtype())));
        }
        return terms;
    }

    /** {@code max(var, eps)} in value with the identity as gradient: {@code var + (max(var, eps) - var)}. */
    private Variable clampBelow(Variable variance) {
        Backend be = variance.backend();
        Tensor vv = variance.value();
        Tensor offset = be.sub(be.max(vv, be.scalar(eps, vv.dtype())), vv);
        return Ops.add(variance, Variable.constant(offset));
    }
}
