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
 * row copies that carry the state of stopped sequences. Nothing is allocated inside the time loop.
 * Large sequences run in one block of batch rows per core, each block through every step on one
 * thread ({@link #forBlocks}): the rows of a recurrence are independent, so the cores join once per
 * sequence instead of at every step's product. A batch-1 LSTM on the Vector API kernels runs on
 * {@link OneRowLstm} instead. The result is the layout {@link SequenceForward} documents.
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
        Shape stateSeq = Shape.of(steps, batch, hidden);
        EjmlTensor output = EjmlTensor.zeros(be, stateSeq, dtype);
        EjmlTensor hiddenAll = EjmlTensor.zeros(be, stateSeq, dtype);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        EjmlTensor gates = gated ? EjmlTensor.zeros(be, Shape.of(steps, batch, gateWidth), dtype) : null;
        EjmlTensor extra = gated ? EjmlTensor.zeros(be, stateSeq, dtype) : null;
        Object hFinal = copyOf(h0);
        Object cFinal = c0 == null ? null : copyOf(c0);
        Saved saved = new Saved(output.data(), hiddenAll.data(), gated ? gates.data() : null,
                gated ? extra.data() : null, be.packedTransposed(recurrentWeight));
        if (oneRow(saved.weightT())) {
            runOneRow(reverse, saved, (float[]) hFinal, (float[]) cFinal);
        } else {
            forBlocks(gateWidth, hidden, (from, to) -> run(new Rows(from, to), reverse, saved, hFinal, cFinal));
        }
        List<Tensor> finalState = cFinal == null ? List.of(state(hFinal)) : List.of(state(hFinal), state(cFinal));
        List<Tensor> kept = gated ? List.of(gates, extra, hiddenAll) : List.of(hiddenAll);
        return new SequenceForward(output, finalState, kept);
    }

    /**
     * Whether the sequence runs on {@link OneRowLstm}: an LSTM of one batch row whose step products run
     * on the Vector API kernels against a packed {@code W_hh^T}.
     */
    private boolean oneRow(PackedWeight weightT) {
        return kind == CellKind.LSTM && batch == 1 && weightT.panels() != null
                && k.gemm.vector(1, gateWidth, hidden);
    }

    private void runOneRow(boolean reverse, Saved saved, float[] hFinal, float[] cFinal) {
        new OneRowLstm(k.gemm.ops(), be.cpu().lstm(), steps, hidden, (float[]) projection, (float[]) bias,
                saved.weightT().panels(), lengths, reverse)
                .run((float[]) ejml(h0).data(), (float[]) ejml(c0).data(), (float[]) saved.out(),
                        (float[]) saved.hs(), (float[]) saved.xs(), (float[]) saved.gs(), hFinal, cFinal);
    }

    /** The arrays every block writes its rows of ([T, B, H] or [T, B, G*H]), and the packed {@code W_hh^T}. */
    private record Saved(Object out, Object hs, Object gs, Object xs, PackedWeight weightT) {
    }

    /**
     * Runs the rows through every step; {@code hFinal} and {@code cFinal} (the initial state on entry)
     * get their final state.
     */
    private void run(Rows rows, boolean reverse, Saved saved, Object hFinal, Object cFinal) {
        int bh = batch * hidden;
        int bg = batch * gateWidth;
        int n = rows.count;
        Object out = saved.out();
        Object hs = saved.hs();
        Object gs = saved.gs();
        Object xs = saved.xs();
        ReshapeMatrix h = k.wrap(n, hidden, rows.slice(hFinal));
        Object hCur = k.data(h);
        Object cCur = cFinal == null ? null : rows.slice(cFinal);
        ReshapeMatrix z = k.matrix(n, gateWidth);
        Object zs = k.data(z);
        boolean relu = kind == CellKind.RNN_RELU;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int so = t * bh + rows.from * hidden;
            int go = t * bg + rows.from * gateWidth;
            boolean all = rows.mask(t);
            if (kind == CellKind.GRU) {
                k.gemm(h, saved.weightT(), z, false);
                addBias(zs, n);
                k.gruForward(projection, go, zs, hCur, gs, go, xs, so, hs, so, n, hidden);
            } else {
                k.addRowVector(projection, go, bias, zs, n, gateWidth);
                k.gemm(h, saved.weightT(), z, true);
                if (kind == CellKind.LSTM) {
                    k.lstmForward(zs, cCur, 0, gs, go, xs, so, hs, so, n, hidden);
                } else {
                    k.rnnForward(relu, zs, hs, so, n * hidden);
                }
            }
            // running rows: the new state becomes current and is output; stopped rows: the carried
            // state is saved in place of the new one and the output stays zero
            rows.copyRows(hs, so, hCur, 0, all, true);
            rows.copyRows(hs, so, out, so, all, true);
            rows.copyRows(hCur, 0, hs, so, all, false);
            if (cCur != null) {
                rows.copyRows(xs, so, cCur, 0, all, true);
                rows.copyRows(cCur, 0, xs, so, all, false);
            }
        }
        rows.store(hCur, hFinal);
        if (cCur != null) {
            rows.store(cCur, cFinal);
        }
    }

    private void addBias(Object z, int rows) {
        if (bias != null) {
            k.addRowVector(z, bias, rows, gateWidth);
        }
    }
}
