package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Variable;
import dev.jrnn.models.loss.Loss;

/**
 * One piece of training or evaluation data as a step sees it.
 *
 * @param input   [B, T, ...], padded to the longest sequence when {@code lengths} is given
 * @param target  [B, ...]
 * @param lengths each sequence's real steps, or null when all are full length
 * @param weights how much each target position counts ([B] or [B, T]), or null for all once
 */
record Batch(Variable input, Variable target, int[] lengths, Variable weights) {

    /** The model's prediction, with the lengths when there are some. */
    Variable predict(Model model) {
        return lengths == null ? model.forward(input) : model.forward(input, lengths);
    }

    /** The loss of {@code prediction}: weighted when the batch has weights, else as the loss applies. */
    Variable loss(Loss loss, Variable prediction) {
        return weights == null ? loss.apply(prediction, target) : loss.weighted(prediction, target, weights);
    }
}
