package dev.jrnn.models.train;

import dev.jrnn.api.TensorScope;

/**
 * A model that carries recurrent state from one {@link #forward} to the next, detached (for
 * example through a {@link dev.jrnn.models.layer.StatefulLayer}), so that the {@link Trainer}
 * can train it with truncated back-propagation through time: each chunk of a batch of sequences
 * starts from the state the previous chunk ended with, and gradients stop at the chunk's start.
 */
public interface StatefulModel extends Model {

    /**
     * Forgets the carried state, freeing what {@link #keepStateIn} kept; the next forward starts
     * from zeros. The trainer calls it before and after each batch of sequences.
     */
    void resetState();

    /**
     * Keeps the state carried to the next forward alive past {@code scope} (the trainer calls it at
     * the end of each chunk's step); the kept state that it replaces is freed.
     */
    void keepStateIn(TensorScope scope);
}
