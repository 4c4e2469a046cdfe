/**
 * Recurrent layers as users of PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU} know
 * them: stacked, bidirectional, dropout between layers, variable-length batches, LSTM projections
 * ({@code proj_size}), carried state for streaming and truncated back-propagation through time.
 */
package dev.jrnn.models.layer;
