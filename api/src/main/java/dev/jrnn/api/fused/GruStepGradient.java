package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * Gradients of one GRU step.
 *
 * @param dInputGates  gradient with respect to the input projection {@code W_ih x + b_ih} [B, 3H]
 * @param dHiddenGates gradient with respect to the recurrent projection {@code W_hh h + b_hh} [B, 3H]
 * @param dh           gradient with respect to the previous hidden state [B, H]
 */
public record GruStepGradient(Tensor dInputGates, Tensor dHiddenGates, Tensor dh) {
}
