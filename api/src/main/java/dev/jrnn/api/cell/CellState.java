package dev.jrnn.api.cell;

import dev.jrnn.api.autograd.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's state between steps: (h) or, for an LSTM, (h, c), each [B, H].
 *
 * @param parts the state tensors, hidden state first
 */
public record CellState(List<Variable> parts) {

    public CellState {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("a cell state needs at least the hidden state");
        }
        parts = List.copyOf(parts);
    }

    /** A state of the given tensors, hidden state first. */
    public static CellState of(Variable... parts) {
        return new CellState(List.of(parts));
    }

    /** The hidden state, which is also the step's output. */
    public Variable h() {
        return parts.get(0);
    }

    /** State tensor {@code i}. */
    public Variable get(int i) {
        return parts.get(i);
    }

    public int size() {
        return parts.size();
    }

    /** The same values with gradients stopped (truncated back-propagation through time). */
    public CellState detach() {
        List<Variable> d = new ArrayList<>(parts.size());
        for (Variable v : parts) {
            d.add(v.detach());
        }
        return new CellState(d);
    }
}
