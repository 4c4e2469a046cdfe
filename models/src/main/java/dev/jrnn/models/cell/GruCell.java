package dev.jrnn.models.cell;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.fused.CellKind;

/**
 * PyTorch's GRU cell, gates r, z, n stacked in that order:
 * {@code r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)}, {@code z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)},
 * {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}.
 */
public final class GruCell extends GatedCell {

    public GruCell(CellConfig config) {
        super(CellKind.GRU, config);
    }

    @Override
    public CellState step(Variable x, CellState state) {
        Variable h = state.h();
        Variable gi = projectInput(x);
        Variable gh = projectHidden(h, x.shape().dim(0));
        Variable r = Ops.sigmoid(Ops.add(gate(gi, 0), gate(gh, 0)));
        Variable z = Ops.sigmoid(Ops.add(gate(gi, 1), gate(gh, 1)));
        Variable n = Ops.tanh(Ops.add(gate(gi, 2), Ops.mul(r, gate(gh, 2))));
        return CellState.of(Ops.add(n, Ops.mul(z, Ops.sub(h, n))));
    }
}
