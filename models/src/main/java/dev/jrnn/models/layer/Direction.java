package dev.jrnn.models.layer;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.RecurrentResult;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.models.cell.FusedCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs one cell over a sequence in one direction: fused for built-in kinds, else step by step. */
final class Direction {
    private Direction() {
    }

    /**
     * The fused path: the input projection of all steps as one GEMM on [T*B, I], then one
     * {@link Ops#recurrent} node. Where the two biases only ever enter the gates as their sum
     * ({@link #biasesAdd}), the recurrence gets {@code b_ih + b_hh} and the projection none: that
     * spares a pass over the [T*B, G*H] projection to add b_ih and, in backward, its column sums
     * (the sum's gradient reaches both biases).
     */
    static RecurrentResult fused(FusedCell cell, Variable x, List<Variable> initial, int[] lengths, boolean reverse) {
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        boolean fold = biasesAdd(cell);
        Variable flat = Ops.reshape(x, Shape.of(steps * batch, x.shape().dim(2)));
        Variable projection = Ops.reshape(Ops.linear(flat, cell.weightIh(), fold ? null : cell.biasIh()),
                Shape.of(steps, batch, cell.kind().gates() * cell.hiddenSize()));
        Variable recurrentBias = fold ? Ops.add(cell.biasIh(), cell.biasHh()) : cell.biasHh();
        return Ops.recurrent(cell.kind(), projection, initial, cell.weightHh(), recurrentBias, lengths, reverse);
    }

    /**
     * Whether the cell has both biases and they enter every gate as {@code b_ih + b_hh}: true for the
     * LSTM and the Elman RNNs; not for the GRU, whose candidate is {@code tanh(W_in x + b_in + r (W_hn h + b_hn))}.
     */
    static boolean biasesAdd(FusedCell cell) {
        return cell.kind() != CellKind.GRU && cell.biasIh() != null && cell.biasHh() != null;
    }

    /**
     * The generic path over {@link Cell#step}, with PyTorch's packed semantics: where step t is past
     * a sequence's length its output is zero and its state is carried unchanged.
     */
    static RecurrentResult stepped(Cell cell, Variable x, List<Variable> initial, int[] lengths, boolean reverse) {
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        int hidden = cell.hiddenSize();
        CellState state = new CellState(initial);
        Variable[] outputs = new Variable[steps];
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            double[] mask = mask(lengths, t, batch, hidden);
            if (mask != null && allZero(mask)) {
                outputs[t] = Variable.constant(cell.backend().zeros(Shape.of(batch, hidden), cell.dtype()));
                continue;
            }
            Variable xt = Ops.reshape(Ops.slice(x, 0, t, t + 1), Shape.of(batch, x.shape().dim(2)));
            CellState next = cell.step(xt, state);
            if (mask == null) {
                outputs[t] = next.h();
                state = next;
            } else {
                Variable m = Variable.constant(cell.backend().fromArray(mask, Shape.of(batch, hidden), cell.dtype()));
                outputs[t] = Ops.mul(m, next.h());
                List<Variable> carried = new ArrayList<>(state.size());
                for (int i = 0; i < state.size(); i++) {
                    Variable old = state.get(i);
                    carried.add(Ops.add(old, Ops.mul(m, Ops.sub(next.get(i), old))));
                }
                state = new CellState(carried);
            }
        }
        return new RecurrentResult(Ops.stack(List.of(outputs)), state.parts());
    }

    /** 1 where sequence b runs at step t, row-expanded to [B, H]; null when every sequence runs. */
    private static double[] mask(int[] lengths, int t, int batch, int hidden) {
        if (lengths == null) {
            return null;
        }
        double[] m = new double[batch * hidden];
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            boolean on = t < lengths[b];
            all &= on;
            Arrays.fill(m, b * hidden, (b + 1) * hidden, on ? 1.0 : 0.0);
        }
        return all ? null : m;
    }

    private static boolean allZero(double[] m) {
        for (double v : m) {
            if (v != 0.0) {
                return false;
            }
        }
        return true;
    }
}
