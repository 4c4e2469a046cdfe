/**
 * {@code jrnn gradients}: how far a loss at the last step of a long sequence reaches back, for a
 * tanh RNN, an LSTM and a GRU, measured as the norm of dL/dh(t) at every step t, with and without
 * clipping the back-propagated gradient's norm (Pascanu, Mikolov and Bengio, 2013). Nothing is trained.
 */
package dev.jrnn.examples.gradients;
