package dev.jrnn.models.layer;

import dev.jrnn.api.autograd.Variable;
import java.util.List;

/**
 * What a {@link RecurrentLayer} returns.
 *
 * @param output     the last layer's output at every step, [T, B, D*H] ([B, T, D*H] when batch-first;
 *                   D*P for an LSTM with projections); zero past a sequence's length
 * @param finalState (h_n) or, for LSTM, (h_n, c_n), each [L*D, B, H] (h_n [L*D, B, P] with projections),
 *                   taken at each sequence's last valid step
 */
public record LayerOutput(Variable output, List<Variable> finalState) {

    public LayerOutput {
        finalState = List.copyOf(finalState);
    }

    /** h_n [L*D, B, H], or [L*D, B, P] for an LSTM with projections. */
    public Variable hn() {
        return finalState.get(0);
    }

    /** c_n [L*D, B, H] of an LSTM. */
    public Variable cn() {
        if (finalState.size() < 2) {
            throw new IllegalStateException("this layer's cell has no cell state c_n");
        }
        return finalState.get(1);
    }
}
