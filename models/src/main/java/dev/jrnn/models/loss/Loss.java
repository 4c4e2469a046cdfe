package dev.jrnn.models.loss;

import dev.jrnn.api.autograd.Variable;

/**
 * A differentiable loss of a prediction against a target of the same shape, reduced to a rank-0
 * variable that {@link dev.jrnn.api.autograd.Autograd#backward} accepts. Neither argument is modified.
 */
@FunctionalInterface
public interface Loss {

    /** The loss of {@code prediction} against {@code target}. */
    Variable apply(Variable prediction, Variable target);

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
