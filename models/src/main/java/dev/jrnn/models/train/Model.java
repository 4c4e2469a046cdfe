package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import java.util.List;

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
}
