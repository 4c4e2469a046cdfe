/**
 * The one training loop: seeded minibatches from fixed samples or a new draw per epoch, or from
 * sequences of different lengths ({@link dev.jrnn.models.train.SequenceDataset}: padded batches,
 * lengths to the model, masks and sample weights to the loss, batches bucketed by length), learning
 * rates scheduled per epoch or per step, truncated BPTT over a {@link dev.jrnn.models.train.StatefulModel},
 * validation, early stopping with best-weight restore, reduce-on-plateau, step, epoch and checkpoint
 * listeners, non-finite loss and gradient detection, one {@link dev.jrnn.api.TensorScope} per step;
 * checkpoints ({@link dev.jrnn.models.train.Checkpointing}) from which
 * {@link dev.jrnn.models.train.Trainer#resume} continues a run bit-identically; model summaries
 * ({@link dev.jrnn.models.train.ModelSummary}).
 * The models it trains out of the
 * box: {@link dev.jrnn.models.train.SequenceRegressor} (sequence to value),
 * {@link dev.jrnn.models.train.SequenceClassifier} (sequence to class),
 * {@link dev.jrnn.models.train.SequenceTagger} (a class per step) and
 * {@link dev.jrnn.models.train.Seq2Seq} (tokens to tokens, encoder-decoder), each with its
 * parameters named as the matching PyTorch module's state dict, its random generators for resume,
 * a summary and PyTorch's printout.
 */
package dev.jrnn.models.train;
