package dev.jrnn.models.cell;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.fused.CellKind;

/**
 * PyTorch's LSTM cell, gates i, f, g, o stacked in that order:
 * {@code z = x W_ih^T + b_ih + h W_hh^T + b_hh}, {@code i, f, o = sigmoid}, {@code g = tanh} of z's
 * blocks, {@code c' = f c + i g}, {@code h' = o tanh(c')}. State (h, c). With projections
 * ({@code proj_size}) the {@code lstm} provider builds a {@link ProjectedLstmCell} instead.
 */
public final class LstmCell extends GatedCell {

    public LstmCell(CellConfig config) {
        super(CellKind.LSTM, config);
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public CellState step(Variable x, CellState state) {
        if (state.size() != 2) {
            throw new IllegalArgumentException("LstmCell.step: state needs (h, c), got " + state.size() + " tensors");
        }
        Variable z = Ops.add(projectInput(x), projectHidden(state.h(), x.shape().dim(0)));
        LstmGates.Update next = LstmGates.apply(z, state.get(1), hiddenSize());
        return CellState.of(next.output(), next.cell());
    }
}
