package dev.jrnn.models.optim;

import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import java.util.List;

/**
 * Updates parameters from their accumulated gradients.
 *
 * <p>Memory: the new parameter values and the optimizer's state are created in the caller's
 * {@link TensorScope}; call {@link #keepIn} on the training step's scope before it closes, so that
 * only the step's graph is freed. Replaced values and state are closed by the optimizer.
 *
 * <p>Thread safety: an optimizer and its state belong to one training thread. Its
 * {@link #step()} replaces all the parameters' values in one atomic swap per
 * {@link dev.jrnn.api.autograd.WeightGuard}, so other threads may run the model meanwhile; call it
 * outside any lease of the calling thread on those weights (it throws otherwise, rather than
 * wait for itself).
 */
public interface Optimizer extends AutoCloseable {

    /** The parameters this optimizer updates. */
    List<Parameter> parameters();

    /**
     * One update of every parameter that has a gradient; parameters without one are skipped, as in
     * PyTorch. Modifies the parameters' values and this optimizer's state.
     */
    void step();

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The current learning rate. */
    double learningRate();

    /** Sets the learning rate used by the next {@link #step()} (schedules call this). */
    void setLearningRate(double rate);

    /**
     * A copy of this optimizer's state (PyTorch's {@code state_dict()}), for a checkpoint. Nothing
     * is modified.
     *
     * @throws UnsupportedOperationException for an optimizer that does not export its state
     */
    default OptimizerState state() {
        throw new UnsupportedOperationException(getClass().getName() + " does not export its state, so a run with it"
                + " cannot be checkpointed");
    }

    /**
     * Continues from {@code state} (PyTorch's {@code load_state_dict}): replaces the step counts and
     * buffers of the parameters it names and the learning rate. Everything is checked before
     * anything changes.
     *
     * @throws IllegalArgumentException when the state is of another kind of optimizer or other
     *                                  settings, or names a parameter, buffer or size this
     *                                  optimizer does not have
     */
    default void loadState(OptimizerState state) {
        throw new UnsupportedOperationException(getClass().getName() + " does not load a saved state");
    }

    /** Keeps the parameters' values and gradients and this optimizer's state alive past {@code scope}. */
    void keepIn(TensorScope scope);

    /** Frees the optimizer's state; the parameters are untouched. */
    @Override
    void close();
}
