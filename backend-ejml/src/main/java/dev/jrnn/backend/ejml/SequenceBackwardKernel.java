package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceChecks;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import org.ejml.data.ReshapeMatrix;

/**
 * Backward of {@link SequenceForwardKernel}. Per step, in reverse order of the forward pass: fused
 * gate gradients into a preallocated [B, G*H] buffer and one GEMM {@code dGates W_hh} (W_hh packed
 * once) for the previous state's gradient; stopped sequences pass their state gradient through
 * unchanged. Large sequences run in one block of batch rows per core, as the forward pass does
 * ({@link #forBlocks}). After the loop, one GEMM for the whole weight gradient,
 * {@code dW_hh = dGates_all^T [G*H, T*B] x hPrev_all [T*B, H]}, and one column sum for {@code db_hh}.
 */
final class SequenceBackwardKernel extends SequenceKernel {
    private final Object gates;
    private final Object extra;
    private final Object hiddenAll;
    private final Object dOutput;
    private final Object h0;
    private final Object c0;
    private final Object dh;
    private final Object dc;

    SequenceBackwardKernel(EjmlBackend be, CellKind kind, SequenceForward forward, List<Tensor> initialState,
                           Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState, int[] lengths) {
        super(be, kind, SequenceChecks.backward(be, kind, forward, initialState, recurrentWeight, dOutput,
                dFinalState, lengths), recurrentWeight, lengths);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        List<Tensor> saved = forward.saved();
        this.gates = gated ? ejml(saved.get(0)).data() : null;
        this.extra = gated ? ejml(saved.get(1)).data() : null;
        this.hiddenAll = ejml(saved.get(saved.size() - 1)).data();
        this.dOutput = ejml(dOutput).data();
        this.h0 = ejml(initialState.get(0)).data();
        this.c0 = kind == CellKind.LSTM ? ejml(initialState.get(1)).data() : null;
        this.dh = copyOf(dFinalState.get(0));
        this.dc = kind == CellKind.LSTM ? copyOf(dFinalState.get(1)) : null;
    }

    SequenceGradient run(boolean reverse) {
        int bg = batch * gateWidth;
        EjmlTensor dInput = EjmlTensor.zeros(be, Shape.of(steps, batch, gateWidth), dtype);
        Object dP = dInput.data();
        // the gradient of the recurrent projection: equal to dP except for GRU's n block (dn * r)
        Object dRec = kind == CellKind.GRU ? Movement.newArray(dP, steps * bg) : dP;
        PackedWeight packedWeight = be.packed(recurrentWeight);
        forBlocks(hidden, gateWidth, (from, to) -> run(new Rows(from, to), reverse, packedWeight, dP, dRec));
        EjmlTensor dWeight = EjmlTensor.zeros(be, Shape.of(gateWidth, hidden), dtype);
        EjmlTensor dBias = EjmlTensor.zeros(be, Shape.of(gateWidth), dtype);
        int rows = steps * batch;
        k.gemm(k.wrap(rows, gateWidth, dRec), true, k.wrap(rows, hidden, previousStates(reverse)), false,
                dWeight.matrix(), false);
        k.columnSums(dRec, rows, gateWidth, dBias.data());
        List<Tensor> dInitial = dc == null ? List.of(state(dh)) : List.of(state(dh), state(dc));
        return new SequenceGradient(dInput, dInitial, dWeight, dBias);
    }

    /**
     * Runs the rows back through every step, writing their rows of {@code dP} and {@code dRec}
     * ([T, B, G*H]); {@link #dh} and {@link #dc} (the final state's gradient on entry) get their
     * initial state's gradient.
     */
    private void run(Rows rows, boolean reverse, PackedWeight packedWeight, Object dP, Object dRec) {
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int n = rows.count;
        int hOff = rows.from * hidden;
        Object dhRows = rows.slice(dh);
        Object dcRows = dc == null ? null : rows.slice(dc);
        ReshapeMatrix dGates = k.matrix(n, gateWidth);
        Object dg = k.data(dGates);
        ReshapeMatrix dhPrev = k.matrix(n, hidden);
        Object dhp = k.data(dhPrev);
        Object dhStep = Movement.newArray(dh, n * hidden);
        Object dcStep = dc == null ? null : Movement.newArray(dc, n * hidden);
        Object dcPrev = dc == null ? null : Movement.newArray(dc, n * hidden);
        Object zeros = Movement.newArray(dh, n * hidden);
        boolean relu = kind == CellKind.RNN_RELU;
        for (int step = steps - 1; step >= 0; step--) {
            int t = reverse ? steps - 1 - step : step;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = step == 0;
            Object hPrev = first ? h0 : hiddenAll;
            int hpOff = (first ? 0 : prev * bh) + hOff;
            int so = t * bh + hOff;
            int go = t * bg + rows.from * gateWidth;
            boolean all = rows.mask(t);
            k.stepGradient(dhRows, dOutput, so, rows.activeRows(all), dhStep, n, hidden);
            switch (kind) {
                case LSTM -> {
                    // stopped rows enter the step with a zero cell gradient; theirs passes through unchanged
                    Object dcIn = dcRows;
                    if (!all) {
                        rows.copyRows(dcRows, 0, dcStep, 0, false, true);
                        rows.copyRows(zeros, 0, dcStep, 0, false, false);
                        dcIn = dcStep;
                    }
                    k.lstmBackward(dhStep, dcIn, gates, go, first ? c0 : extra, hpOff, extra, so, dg, dcPrev, n,
                            hidden);
                    System.arraycopy(dg, 0, dP, go, n * gateWidth);
                    k.gemm(dGates, packedWeight, dhPrev, false);
                    rows.copyRows(dcPrev, 0, dcRows, 0, all, true);
                }
                case GRU -> {
                    k.gruBackward(dhStep, gates, go, extra, so, hPrev, hpOff, dP, go, dg, dhp, n, hidden);
                    k.gemm(dGates, packedWeight, dhPrev, true);
                    System.arraycopy(dg, 0, dRec, go, n * gateWidth);
                }
                default -> {
                    k.rnnBackward(relu, dhStep, hiddenAll, so, dg, n * hidden);
                    System.arraycopy(dg, 0, dP, go, n * gateWidth);
                    k.gemm(dGates, packedWeight, dhPrev, false);
                }
            }
            rows.copyRows(dhp, 0, dhRows, 0, all, true);
        }
        rows.store(dhRows, dh);
        if (dcRows != null) {
            rows.store(dcRows, dc);
        }
    }

    /** The state each step started from, by time step: h0 at the first step processed, else the neighbour's. */
    private Object previousStates(boolean reverse) {
        int bh = batch * hidden;
        Object all = Movement.newArray(hiddenAll, steps * bh);
        if (steps == 0) {
            return all;
        }
        if (reverse) {
            System.arraycopy(hiddenAll, bh, all, 0, (steps - 1) * bh);
            System.arraycopy(h0, 0, all, (steps - 1) * bh, bh);
        } else {
            System.arraycopy(h0, 0, all, 0, bh);
            System.arraycopy(hiddenAll, 0, all, bh, (steps - 1) * bh);
        }
        return all;
    }
}
