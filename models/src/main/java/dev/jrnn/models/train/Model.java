package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.SeededRandom;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Trainer} trains: parameters and a differentiable forward pass over a batch.
 *
 * <p>Thread safety: a trained model serves {@link #forward} from many threads while its weights
 * are replaced (a state_dict load, training) when its parameters share one {@link WeightGuard} and
 * its forward pass holds a lease on it, as the models of jrnn do. An implementation with parameters
 * of its own besides its layers' shares them in its constructor and leases in {@code forward}:
 *
 * <pre>{@code
 * this.guard = WeightGuard.share(parameters());
 * ...
 * public Variable forward(Variable x) {
 *     try (WeightGuard.Lease weights = guard.read()) {
 *         return Ops.linear(layer.forward(x).output(), weight, bias);   // the layer re-enters the lease
 *     }
 * }
 * }</pre>
 *
 * {@link #train(boolean)} is a setting, not per call: set it before serving.
 */
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

    /**
     * The prediction for a batch of variable-length sequences, padded to the longest: step
     * {@code t} of sample {@code b} is real when {@code t < lengths[b]} (PyTorch's packed
     * semantics in the layers: outputs past a sequence's end are zero, its final state is its last
     * real step's).
     *
     * @param input   the batch's inputs, batch first: [B, T, ...]
     * @param lengths each sample's length, 1 to T; null when all are T
     * @return the prediction
     * @throws UnsupportedOperationException when the model takes no lengths and they are not all T
     */
    default Variable forward(Variable input, int[] lengths) {
        if (lengths != null) {
            int steps = input.shape().dim(1);
            for (int length : lengths) {
                if (length != steps) {
                    throw new UnsupportedOperationException(getClass().getSimpleName()
                            + " takes no sequence lengths; it cannot train on variable-length batches");
                }
            }
        }
        return forward(input);
    }

    /**
     * The guard over the parameters' values; by default a guard shared among {@link #parameters()}
     * by this call (the first call merges their guards). Models that share in their constructor
     * return that guard.
     */
    default WeightGuard guard() {
        return WeightGuard.share(parameters());
    }

    /** Switches training behaviour (dropout) on or off; the trainer turns it off for validation. */
    default void train(boolean on) {
    }

    /**
     * The generators of the model's random draws in training (dropout masks), by a name unique in
     * the model; a training checkpoint saves their states and a resumed run restores them, so that
     * it draws what the uninterrupted run would have. None by default: a model with dropout of its
     * own returns its layers' {@link RecurrentLayer#dropoutRandom()} and its own generators.
     */
    default Map<String, SeededRandom> randomGenerators() {
        return Map.of();
    }

    /** The number of trainable values, the sum of the parameters' sizes. */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.shape().size();
        }
        return n;
    }

    /**
     * A table of the model, as Keras' {@code model.summary()}: by default one row per parameter
     * (name, shape, count), the totals, dtype and backend. Models made of layers list the layers
     * with their output shapes ({@link SequenceRegressor#summary()}).
     */
    default String summary() {
        return ModelSummary.ofParameters(this).toString();
    }
}
