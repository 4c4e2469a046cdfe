package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * One Adam update's result, each tensor new and of the parameter's shape.
 *
 * @param value        the parameter's new value
 * @param firstMoment  the new running mean of the gradient ({@code exp_avg})
 * @param secondMoment the new running mean of its square ({@code exp_avg_sq})
 */
public record AdamStep(Tensor value, Tensor firstMoment, Tensor secondMoment) {
}
