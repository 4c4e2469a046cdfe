package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * One LSTM step's result.
 *
 * @param h     new hidden state [B, H]
 * @param c     new cell state [B, H]
 * @param gates activated gates {@code i, f, g, o} side by side [B, 4H], kept for the backward step
 */
public record LstmStep(Tensor h, Tensor c, Tensor gates) {
}
