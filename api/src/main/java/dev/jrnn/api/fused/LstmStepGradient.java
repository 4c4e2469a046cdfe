package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * Gradients of one LSTM step.
 *
 * @param dGates gradient with respect to the pre-activation gates [B, 4H] (equals d(input projection))
 * @param dh     gradient with respect to the previous hidden state [B, H]
 * @param dc     gradient with respect to the previous cell state [B, H]
 */
public record LstmStepGradient(Tensor dGates, Tensor dh, Tensor dc) {
}
