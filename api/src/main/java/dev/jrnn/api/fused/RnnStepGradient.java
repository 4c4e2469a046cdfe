package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * Gradients of one Elman RNN step.
 *
 * @param dPre gradient with respect to the pre-activation [B, H] (equals d(input projection))
 * @param dh   gradient with respect to the previous hidden state [B, H]
 */
public record RnnStepGradient(Tensor dPre, Tensor dh) {
}
