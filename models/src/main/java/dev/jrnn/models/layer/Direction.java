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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one cell over a sequence in one direction: fused for built-in kinds, else step by step. */
final class Direction {
    private Direction() {
    }

    /**
     * The fused path: the input projection of all steps as one GEMM on [T*B, I], then one
     * {@link Ops#recurrent} node. Where the two biases only ever enter the gates as their sum
     * ({@link #biasesAdd}), the recurrence gets {@code b_ih + b_hh} and the projection none: that
     * spares a pass over the [T*B, G*H] projection to add b_ih and, in backward, its column sums
     * (the sum's gradient reaches both biases). Where no gradient is needed and the backend runs the
     * whole direction from the input in one call ({@link Ops#recurrentInference}), that call does it all.
     */
    static RecurrentResult fused(FusedCell cell, Variable x, List<Variable> initial, int[] lengths, boolean reverse) {
        Optional<RecurrentResult> whole = Ops.recurrentInference(cell.kind(), x, initial, cell.weightIh(),
                cell.biasIh(), cell.weightHh(), cell.biasHh(), lengths, reverse);
        if (whole.isPresent()) {
            return whole.get();
        }
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
        int outputSize = cell.stateSize(0);
        CellState state = new CellState(initial);
        Variable[] outputs = new Variable[steps];
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            boolean[] running = running(lengths, t, batch);
            if (running != null && none(running)) {
                outputs[t] = Variable.constant(cell.backend().zeros(Shape.of(batch, outputSize), cell.dtype()));
                continue;
            }
            Variable xt = Ops.reshape(Ops.slice(x, 0, t, t + 1), Shape.of(batch, x.shape().dim(2)));
            CellState next = cell.step(xt, state);
            if (running == null) {
                outputs[t] = next.h();
                state = next;
            } else {
                // one mask per state width: an LSTM with projections has h of P and c of H features
                Map<Integer, Variable> masks = new HashMap<>();
                outputs[t] = Ops.mul(mask(cell, running, outputSize, masks), next.h());
                List<Variable> carried = new ArrayList<>(state.size());
                for (int i = 0; i < state.size(); i++) {
                    Variable old = state.get(i);
                    Variable m = mask(cell, running, old.shape().dim(1), masks);
                    carried.add(Ops.add(old, Ops.mul(m, Ops.sub(next.get(i), old))));
                }
                state = new CellState(carried);
            }
        }
        return new RecurrentResult(Ops.stack(List.of(outputs)), state.parts());
    }

    /** Whether each sequence runs at step t; null when every sequence runs. */
    private static boolean[] running(int[] lengths, int t, int batch) {
        if (lengths == null) {
            return null;
        }
        boolean[] on = new boolean[batch];
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            on[b] = t < lengths[b];
            all &= on[b];
        }
        return all ? null : on;
    }

    /** 1 in the rows of the running sequences, 0 elsewhere, [B, width]; made once per width. */
    private static Variable mask(Cell cell, boolean[] running, int width, Map<Integer, Variable> made) {
        return made.computeIfAbsent(width, w -> {
            double[] m = new double[running.length * w];
            for (int b = 0; b < running.length; b++) {
                Arrays.fill(m, b * w, (b + 1) * w, running[b] ? 1.0 : 0.0);
            }
            return Variable.constant(cell.backend().fromArray(m, Shape.of(running.length, w), cell.dtype()));
        });
    }

    private static boolean none(boolean[] running) {
        for (boolean on : running) {
            if (on) {
                return false;
            }
        }
        return true;
    }
}
