/**
 * The one training loop: seeded minibatches from fixed samples or a new draw per epoch, learning
 * rates scheduled per epoch or per step, truncated BPTT over a {@link dev.jrnn.models.train.StatefulModel},
 * validation, early stopping with best-weight restore, step and epoch listeners, non-finite loss and
 * gradient detection, one {@link dev.jrnn.api.TensorScope} per step. The models it trains out of the
 * box: {@link dev.jrnn.models.train.SequenceRegressor} (sequence to value),
 * {@link dev.jrnn.models.train.SequenceClassifier} (sequence to class),
 * {@link dev.jrnn.models.train.SequenceTagger} (a class per step) and
 * {@link dev.jrnn.models.train.Seq2Seq} (tokens to tokens, encoder-decoder).
 */
package dev.jrnn.models.train;
