package dev.jrnn.models.loss;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Variable;

/**
 * A differentiable loss of a prediction against a target, reduced to a rank-0 variable that
 * {@link dev.jrnn.api.autograd.Autograd#backward} accepts. The prediction has the target's shape,
 * or for a head with k outputs per target (quantiles, a distribution's parameters) the target's
 * shape and a trailing axis of k. Neither argument is modified.
 */
@FunctionalInterface
public interface Loss {

    /** The loss of {@code prediction} against {@code target}. */
    Variable apply(Variable prediction, Variable target);

    /**
     * The loss's terms before reduction, one per target position: of the target's shape for a loss
     * compared elementwise, of the target's shape without its class axis for a classification loss.
     * Masks and sample weights multiply these terms; {@link #apply} is their reduction.
     *
     * @throws UnsupportedOperationException for a loss that has no per-position terms
     */
    default Variable terms(Variable prediction, Variable target) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " gives no per-position terms, so it takes no mask or weights");
    }

    /**
     * How {@link #apply} folds the {@link #terms}: the mean (the default, PyTorch's) or the sum.
     * {@link #weighted} reduces the weighted terms the same way.
     */
    default Reduction reduction() {
        return Reduction.MEAN;
    }

    /**
     * The loss with each target position weighted, {@code reduction().apply(terms(p, y), w)}:
     * {@code sum(w l) / sum(w)} for a mean-reduced loss, {@code sum(w l)} for a summed one (see
     * {@link Reduction#apply(Variable, Variable)}). A mask is a weight of 0 or 1: a padded step of
     * weight 0 adds nothing to the value or the gradient.
     *
     * @param weights of the target's leading axes, repeated over the rest: [B] per sample,
     *                [B, T] per step of [B, T, ...] targets
     * @throws UnsupportedOperationException for a loss that has no per-position terms
     */
    default Variable weighted(Variable prediction, Variable target, Variable weights) {
        return reduction().apply(terms(prediction, target), weights);
    }

    /**
     * Whether the loss is never negative, so that its ratio to another of its values measures
     * growth: the {@link dev.jrnn.models.train.Trainer}'s divergence check compares losses that way
     * and skips losses that may be negative (a likelihood). False unless a loss says otherwise.
     */
    default boolean nonNegative() {
        return false;
    }

    /** {@code loss}, declared never negative ({@link #nonNegative()}), for a loss written as a lambda. */
    static Loss nonNegative(Loss loss) {
        return new Loss() {
            @Override
            public Variable apply(Variable prediction, Variable target) {
                return loss.apply(prediction, target);
            }

            @Override
            public Variable terms(Variable prediction, Variable target) {
                return loss.terms(prediction, target);
            }

            @Override
            public Reduction reduction() {
                return loss.reduction();
            }

            @Override
            public boolean nonNegative() {
                return true;
            }
        };
    }

    /** Mean squared error (PyTorch's {@code MSELoss}). */
    static Loss mse() {
        return new MseLoss(Reduction.MEAN);
    }

    /** Mean absolute error (PyTorch's {@code L1Loss}). */
    static Loss mae() {
        return new MaeLoss(Reduction.MEAN);
    }

    /** Huber loss with threshold {@code delta} (PyTorch's {@code HuberLoss}). */
    static Loss huber(double delta) {
        return new HuberLoss(delta, Reduction.MEAN);
    }

    /**
     * Gaussian negative log-likelihood of (mean, softplus scale) pairs with a scale floor of 1e-3,
     * see {@link SoftplusGaussianNllLoss}.
     */
    static Loss gaussianNll() {
        return new SoftplusGaussianNllLoss(1e-3, Reduction.MEAN);
    }

    /** Pinball loss of the given quantile levels, mean over targets, see {@link PinballLoss}. */
    static Loss pinball(double... quantiles) {
        return new PinballLoss(quantiles, Reduction.MEAN);
    }

    /**
     * Cross-entropy of class indices under the softmax of logits [..., C], PyTorch's
     * {@code nn.CrossEntropyLoss} with its defaults; {@link CrossEntropyLoss#builder()} sets class
     * weights, the ignore index, label smoothing and the reduction.
     */
    static CrossEntropyLoss crossEntropy() {
        return CrossEntropyLoss.builder().build();
    }

    /**
     * Checks that the prediction has the target's shape and a trailing axis of {@code k}, and the
     * target's dtype; names the loss otherwise.
     */
    static void checkPerTarget(String loss, Variable prediction, Variable target, int k) {
        Shape expected = target.shape().insert(target.shape().rank(), k);
        if (!prediction.shape().equals(expected)) {
            throw new IllegalArgumentException(loss + ": prediction has shape " + prediction.shape() + " but target has"
                    + " shape " + target.shape() + " (the prediction must be " + expected + ", " + k + " per target)");
        }
        if (prediction.dtype() != target.dtype()) {
            throw new IllegalArgumentException(loss + ": prediction is " + prediction.dtype() + " but target is "
                    + target.dtype());
        }
    }

    /** Checks that prediction and target have one shape and dtype; names the loss otherwise. */
    static void checkPair(String loss, Variable prediction, Variable target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction has shape " + prediction.shape()
                    + " but target has shape " + target.shape() + " (they must be equal)");
        }
        if (prediction.dtype() != target.dtype()) {
            throw new IllegalArgumentException(loss + ": prediction is " + prediction.dtype() + " but target is "
                    + target.dtype());
        }
    }
}
