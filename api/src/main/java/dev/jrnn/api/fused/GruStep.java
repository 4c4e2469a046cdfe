package dev.jrnn.api.fused;

import dev.jrnn.api.Tensor;

/**
 * One GRU step's result.
 *
 * @param h         new hidden state [B, H]
 * @param gates     activated gates {@code r, z, n} side by side [B, 3H]
 * @param hiddenNew the recurrent part of the new gate, {@code W_hn h + b_hn} [B, H]
 */
public record GruStep(Tensor h, Tensor gates, Tensor hiddenNew) {
}
