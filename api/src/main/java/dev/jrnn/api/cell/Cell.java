package dev.jrnn.api.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a recurrence, {@code state' = step(x, state)}, written with
 * {@link dev.jrnn.api.autograd.Ops} so that it trains without a hand-written backward pass.
 *
 * <p>State tensor i is [B, {@link #stateSize stateSize(i)}], which is H unless the cell says
 * otherwise (an LSTM with projections has h of [B, P] and c of [B, H]); the first is the hidden
 * state {@code h}, which layers emit as the step's output and feed back into the next step. Parameters carry PyTorch {@code state_dict} names ({@code weight_ih},
 * {@code weight_hh}, {@code bias_ih}, {@code bias_hh}, plus the suffix the cell was created with,
 * such as {@code _l0_reverse}).
 *
 * <p>Thread safety: a layer runs one cell on many threads at once, so {@link #step} must not
 * modify the cell; it reads its parameters' values, which the layer keeps consistent by holding
 * its {@link dev.jrnn.api.autograd.WeightGuard} lease (the layer shares one guard among all its
 * cells' parameters). Code that calls {@code step} itself while weights may be replaced holds a
 * lease too: {@code try (var w = WeightGuard.read(cell.parameters())) { ... }}.
 */
public interface Cell {

    /** Features of one step's input, I. */
    int inputSize();

    /** Features of the hidden state, H. */
    int hiddenSize();

    /** The backend holding the parameters. */
    Backend backend();

    /** The dtype of the parameters and the state. */
    DType dtype();

    /** The trainable parameters, in PyTorch's {@code state_dict} order. */
    List<Parameter> parameters();

    /** Number of state tensors: 1, or 2 for an LSTM's (h, c). */
    default int stateCount() {
        return 1;
    }

    /**
     * Features of state tensor {@code part}, H by default. The hidden state's, {@code stateSize(0)},
     * is also the width of the step's output and of the next stacked layer's input per direction.
     */
    default int stateSize(int part) {
        return hiddenSize();
    }

    /** The zero state for a batch of {@code batch} sequences. */
    default CellState initialState(int batch) {
        List<Variable> parts = new ArrayList<>(stateCount());
        for (int i = 0; i < stateCount(); i++) {
            parts.add(Variable.constant(backend().zeros(Shape.of(batch, stateSize(i)), dtype())));
        }
        return new CellState(parts);
    }

    /**
     * Advances the state by one step.
     *
     * @param x     the step's input [B, I]
     * @param state the previous state, {@link #stateCount()} tensors of [B, {@link #stateSize}]
     * @return the new state; its {@link CellState#h()} is the step's output
     */
    CellState step(Variable x, CellState state);
}
