/**
 * The training loop: seeded minibatches, validation, early stopping with best-weight restore,
 * progress listeners, non-finite loss and gradient detection, one {@link dev.jrnn.api.TensorScope}
 * per step.
 */
package dev.jrnn.models.train;
