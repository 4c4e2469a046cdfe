package dev.jrnn.models.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state, as PyTorch's {@code optimizer.state_dict()}: its kind and settings, the
 * learning rate, and per parameter (by name) the step count and the state buffers, for example
 * Adam's {@code exp_avg} and {@code exp_avg_sq} or SGD's {@code momentum_buffer}. Host copies,
 * independent of the optimizer after export; a parameter that never had a gradient has no entry.
 *
 * @param kind         the optimizer's class, {@code Adam}, {@code AdamW} or {@code Sgd}
 * @param settings     its hyperparameters other than the learning rate, as exact decimal strings
 * @param learningRate the current learning rate
 * @param parameters   per parameter name, its state
 */
public record OptimizerState(String kind, Map<String, String> settings, double learningRate,
                             Map<String, ParameterState> parameters) {

    public OptimizerState {
        settings = Map.copyOf(settings);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * One parameter's state.
     *
     * @param step    the updates it had (Adam's bias correction reads it)
     * @param buffers each buffer's values, row-major in the parameter's shape
     */
    public record ParameterState(long step, Map<String, double[]> buffers) {
        public ParameterState {
            buffers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
        }
    }
}
