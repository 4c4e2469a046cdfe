package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceChecks;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import org.ejml.data.ReshapeMatrix;

/**
 * One recurrent direction over a whole sequence. Per step: one GEMM {@code h W_hh^T} (with W_hh
 * transposed and packed once per weight tensor, {@link EjmlBackend#packedTransposed}) into a
 * preallocated [B, G*H] buffer, one loop of gate math writing straight into the saved tensors, and
 * row copies that carry the state of stopped sequences. Nothing is allocated inside the time loop. The result is the layout
 * {@link SequenceForward} documents.
 */
final class SequenceForwardKernel extends SequenceKernel {
    private final Object projection;
    private final Object bias;
    private final Tensor h0;
    private final Tensor c0;

    SequenceForwardKernel(EjmlBackend be, CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                          Tensor recurrentWeight, Tensor recurrentBias, int[] lengths) {
        super(be, kind, SequenceChecks.forward(be, kind, inputProjection, initialState, recurrentWeight,
                recurrentBias, lengths), recurrentWeight, lengths);
        this.projection = ejml(inputProjection).data();
        this.bias = recurrentBias == null ? null : ejml(recurrentBias).data();
        this.h0 = initialState.get(0);
        this.c0 = kind == CellKind.LSTM ? initialState.get(1) : null;
    }

    SequenceForward run(boolean reverse) {
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        Shape stateSeq = Shape.of(steps, batch, hidden);
        EjmlTensor output = EjmlTensor.zeros(be, stateSeq, dtype);
        EjmlTensor hiddenAll = EjmlTensor.zeros(be, stateSeq, dtype);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        EjmlTensor gates = gated ? EjmlTensor.zeros(be, Shape.of(steps, batch, gateWidth), dtype) : null;
        EjmlTensor extra = gated ? EjmlTensor.zeros(be, stateSeq, dtype) : null;
        Object out = output.data();
        Object hs = hiddenAll.data();
        Object gs = gated ? gates.data() : null;
        Object xs = gated ? extra.data() : null;
        ReshapeMatrix h = k.wrap(batch, hidden, copyOf(h0));
        Object hCur = k.data(h);
        Object cCur = c0 == null ? null : copyOf(c0);
        ReshapeMatrix z = k.matrix(batch, gateWidth);
        PackedWeight weightT = be.packedTransposed(recurrentWeight);
        Object zs = k.data(z);
        boolean relu = kind == CellKind.RNN_RELU;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int so = t * bh;
            int go = t * bg;
            boolean all = mask(t);
            if (kind == CellKind.GRU) {
                k.gemm(h, weightT, z, false);
                addBias(zs);
                k.gruForward(projection, go, zs, hCur, gs, go, xs, so, hs, so, batch, hidden);
            } else {
                System.arraycopy(projection, go, zs, 0, bg);
                addBias(zs);
                k.gemm(h, weightT, z, true);
                if (kind == CellKind.LSTM) {
                    k.lstmForward(zs, cCur, 0, gs, go, xs, so, hs, so, batch, hidden);
                } else {
                    k.rnnForward(relu, zs, hs, so, bh);
                }
            }
            // running rows: the new state becomes current and is output; stopped rows: the carried
            // state is saved in place of the new one and the output stays zero
            copyRows(hs, so, hCur, 0, all, true);
            copyRows(hs, so, out, so, all, true);
            copyRows(hCur, 0, hs, so, all, false);
            if (cCur != null) {
                copyRows(xs, so, cCur, 0, all, true);
                copyRows(cCur, 0, xs, so, all, false);
            }
        }
        List<Tensor> finalState = cCur == null ? List.of(state(hCur)) : List.of(state(hCur), state(cCur));
        List<Tensor> saved = gated ? List.of(gates, extra, hiddenAll) : List.of(hiddenAll);
        return new SequenceForward(output, finalState, saved);
    }

    private void addBias(Object z) {
        if (bias != null) {
            k.addRowVector(z, bias, batch, gateWidth);
        }
    }
}
