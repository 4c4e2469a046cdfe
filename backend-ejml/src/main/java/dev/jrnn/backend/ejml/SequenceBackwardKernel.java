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
 * unchanged. After the loop, one GEMM for the whole weight gradient,
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
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        EjmlTensor dInput = EjmlTensor.zeros(be, Shape.of(steps, batch, gateWidth), dtype);
        Object dP = dInput.data();
        // the gradient of the recurrent projection: equal to dP except for GRU's n block (dn * r)
        Object dRec = kind == CellKind.GRU ? Movement.newArray(dP, steps * bg) : dP;
        ReshapeMatrix dGates = k.matrix(batch, gateWidth);
        Object dg = k.data(dGates);
        ReshapeMatrix dhPrev = k.matrix(batch, hidden);
        PackedWeight packedWeight = be.packed(recurrentWeight);
        Object dhp = k.data(dhPrev);
        Object dhStep = Movement.newArray(dh, bh);
        Object dcStep = dc == null ? null : Movement.newArray(dc, bh);
        Object dcPrev = dc == null ? null : Movement.newArray(dc, bh);
        Object zeros = Movement.newArray(dh, bh);
        boolean relu = kind == CellKind.RNN_RELU;
        for (int step = steps - 1; step >= 0; step--) {
            int t = reverse ? steps - 1 - step : step;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = step == 0;
            Object hPrev = first ? h0 : hiddenAll;
            int hpOff = first ? 0 : prev * bh;
            int so = t * bh;
            int go = t * bg;
            boolean all = mask(t);
            k.stepGradient(dh, dOutput, so, activeRows(all), dhStep, batch, hidden);
            switch (kind) {
                case LSTM -> {
                    // stopped rows enter the step with a zero cell gradient; theirs passes through unchanged
                    Object dcIn = dc;
                    if (!all) {
                        copyRows(dc, 0, dcStep, 0, false, true);
                        copyRows(zeros, 0, dcStep, 0, false, false);
                        dcIn = dcStep;
                    }
                    k.lstmBackward(dhStep, dcIn, gates, go, first ? c0 : extra, first ? 0 : prev * bh, extra, so, dg,
                            dcPrev, batch, hidden);
                    System.arraycopy(dg, 0, dP, go, bg);
                    k.gemm(dGates, packedWeight, dhPrev, false);
                    copyRows(dcPrev, 0, dc, 0, all, true);
                }
                case GRU -> {
                    k.gruBackward(dhStep, gates, go, extra, so, hPrev, hpOff, dP, go, dg, dhp, batch, hidden);
                    k.gemm(dGates, packedWeight, dhPrev, true);
                    System.arraycopy(dg, 0, dRec, go, bg);
                }
                default -> {
                    k.rnnBackward(relu, dhStep, hiddenAll, so, dg, bh);
                    System.arraycopy(dg, 0, dP, go, bg);
                    k.gemm(dGates, packedWeight, dhPrev, false);
                }
            }
            copyRows(dhp, 0, dh, 0, all, true);
        }
        EjmlTensor dWeight = EjmlTensor.zeros(be, Shape.of(gateWidth, hidden), dtype);
        EjmlTensor dBias = EjmlTensor.zeros(be, Shape.of(gateWidth), dtype);
        int rows = steps * batch;
        k.gemm(k.wrap(rows, gateWidth, dRec), true, k.wrap(rows, hidden, previousStates(reverse)), false,
                dWeight.matrix(), false);
        k.columnSums(dRec, rows, gateWidth, dBias.data());
        List<Tensor> dInitial = dc == null ? List.of(state(dh)) : List.of(state(dh), state(dc));
        return new SequenceGradient(dInput, dInitial, dWeight, dBias);
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
