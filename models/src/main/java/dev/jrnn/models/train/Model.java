package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import java.util.List;

/** What the {@link Trainer} trains: parameters and a differentiable forward pass over a batch. */
public interface Model {

    /** The trainable parameters, each with a unique name. */
    List<Parameter> parameters();

    /**
     * The prediction for a batch.
     *
     * @param input the batch's inputs, batch first: [B, ...the dataset's input shape]
     * @return the prediction, of the shape the loss compares with the batch's targets
     */
    Variable forward(Variable input);

    /** Switches training behaviour (dropout) on or off; the trainer turns it off for validation. */
    default void train(boolean on) {
    }
}
