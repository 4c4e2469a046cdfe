package dev.jrnn.models.cell;

import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.fused.CellKind;
import java.util.Locale;

/**
 * PyTorch's Elman cell: {@code h' = f(x W_ih^T + b_ih + h W_hh^T + b_hh)} with {@code f} tanh or
 * relu (option {@code nonlinearity}).
 */
public final class RnnCell extends GatedCell {

    /** A cell with the config's {@code nonlinearity} option, {@code tanh} (default) or {@code relu}. */
    public RnnCell(CellConfig config) {
        super(kindOf(config.option("nonlinearity", "tanh")), config);
    }

    /** A cell of the given kind, {@link CellKind#RNN_TANH} or {@link CellKind#RNN_RELU}. */
    public RnnCell(CellKind kind, CellConfig config) {
        super(requireRnn(kind), config);
    }

    private static CellKind kindOf(String nonlinearity) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "tanh" -> CellKind.RNN_TANH;
            case "relu" -> CellKind.RNN_RELU;
            default -> throw new IllegalArgumentException("RnnCell: nonlinearity must be tanh or relu, got '"
                    + nonlinearity + "'");
        };
    }

    private static CellKind requireRnn(CellKind kind) {
        if (kind != CellKind.RNN_TANH && kind != CellKind.RNN_RELU) {
            throw new IllegalArgumentException("RnnCell: kind must be RNN_TANH or RNN_RELU, got " + kind);
        }
        return kind;
    }

    @Override
    public CellState step(Variable x, CellState state) {
        Variable pre = Ops.add(projectInput(x), projectHidden(state.h(), x.shape().dim(0)));
        return CellState.of(kind() == CellKind.RNN_RELU ? Ops.relu(pre) : Ops.tanh(pre));
    }
}
