package dev.jrnn.api.autograd;

import java.util.List;

/**
 * The outputs of {@link Ops#recurrent}.
 *
 * @param output     h(t) for every step [T, B, H], zero past a sequence's length
 * @param finalState (h_n) or, for LSTM, (h_n, c_n), each [B, H]
 */
public record RecurrentResult(Variable output, List<Variable> finalState) {
}
