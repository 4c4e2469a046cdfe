/**
 * {@code jrnn generate}: a character-level LSTM language model (Karpathy's char-rnn) trained with
 * truncated back-propagation through time on a bundled public-domain novel, saved as safetensors
 * with its vocabulary, and sampled one character at a time with a temperature.
 */
package dev.jrnn.examples.generate;
