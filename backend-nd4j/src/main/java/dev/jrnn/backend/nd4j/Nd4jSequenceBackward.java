package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceChecks;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.api.fused.SequenceSizes;
import dev.jrnn.kernels.RowSplit;
import dev.jrnn.kernels.Workers;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Backward of {@link Nd4jSequenceForward}, as {@link RecurrentDefaults#sequenceBackward} defines
 * it: per step bulk copies of the step's saved blocks into Java scratch arrays, one fused
 * {@link Nd4jGates} pass whose gate gradients are copied into their slot of a preallocated
 * [T, B, G*H] buffer, and one GEMM {@code dh_prev = dG W_hh} ({@link StepGemm}) into a ping-pong
 * state buffer (for the GRU onto the direct part {@code dh z} written there first). The LSTM's dc is
 * carried in Java arrays. The work between two GEMMs is split by batch rows over both cores, as in
 * the forward pass.
 * After the loop {@code dW_hh = sum_t dG_t^T h_{t-1}} is one GEMM over all steps (plus one for the
 * step that starts from h0) and {@code db_hh} one GEMV against a ones vector.
 */
final class Nd4jSequenceBackward {
    private final Nd4jBackend be;
    private final CellKind kind;
    private final SequenceForward fwd;
    private final List<Tensor> initial;
    private final Tensor w;
    private final Tensor dOutput;
    private final List<Tensor> dFinal;
    private final int[] lengths;
    private final boolean reverse;

    Nd4jSequenceBackward(Nd4jBackend be, CellKind kind, SequenceForward fwd, List<Tensor> initial, Tensor w,
                         Tensor dOutput, List<Tensor> dFinal, int[] lengths, boolean reverse) {
        this.be = be;
        this.kind = kind;
        this.fwd = fwd;
        this.initial = initial;
        this.w = w;
        this.dOutput = dOutput;
        this.dFinal = dFinal;
        this.lengths = lengths;
        this.reverse = reverse;
    }

    SequenceGradient run() {
        SequenceSizes sizes = SequenceChecks.backward(be, kind, fwd, initial, w, dOutput, dFinal, lengths);
        int steps = sizes.steps();
        int batch = sizes.batch();
        int hs = sizes.hidden();
        if (steps == 0 || batch == 0 || hs == 0) {
            return RecurrentDefaults.sequenceBackward(be, kind, fwd, initial, w, dOutput, dFinal, lengths, reverse);
        }
        return loop(steps, batch, hs);
    }

    private SequenceGradient loop(int steps, int batch, int hs) {
        DType dtype = dOutput.dtype();
        int width = kind.gates() * hs;
        int state = batch * hs;
        int gateRow = batch * width;
        Shape stateShape = Shape.of(batch, hs);
        INDArray dP = Nd4jArrays.uninitialized(Shape.of(steps, batch, width), dtype);
        INDArray dRec = kind == CellKind.GRU ? Nd4jArrays.uninitialized(Shape.of(steps, batch, width), dtype) : dP;
        INDArray[] dh = {Nd4jArrays.copy(array(dFinal.get(0)), stateShape), Nd4jArrays.uninitialized(stateShape, dtype)};
        INDArray dc = kind == CellKind.LSTM ? Nd4jArrays.uninitialized(stateShape, dtype) : null;
        INDArray hidden = array(fwd.saved().get(fwd.saved().size() - 1));
        INDArray h0 = array(initial.get(0));

        Gemm gemm = Gemm.of(dP.dataType());
        Pointer pW = gemm.pointer(array(w));
        Pointer pRec = gemm.pointer(dRec);
        Pointer[] pDh = {gemm.pointer(dh[0]), gemm.pointer(dh[1])};
        Buf[] bDh = {Buf.of(dh[0]), Buf.of(dh[1])};
        Buf bOut = Buf.of(array(dOutput));
        Buf bHidden = Buf.of(hidden);
        Buf bH0 = Buf.of(h0);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        Buf bGates = gated ? Buf.of(array(fwd.saved().get(0))) : null;
        Buf bExtra = gated ? Buf.of(array(fwd.saved().get(1))) : null;
        Buf bP = Buf.of(dP);
        Buf bRec = Buf.of(dRec);
        // scratch: the carried dh, the step's output gradient, saved gates and states, the gate gradients
        Object sDh = bP.scratch(state);
        Object sOut = bP.scratch(state);
        Object sGates = gated ? bP.scratch(gateRow) : null;
        Object sDg = bP.scratch(gateRow);
        Object sDhid = kind == CellKind.GRU ? bP.scratch(gateRow) : null;
        Object sA = bP.scratch(state);
        Object sB = bP.scratch(state);
        Object[] sDc = kind == CellKind.LSTM ? new Object[] {bP.scratch(state), bP.scratch(state)} : null;
        if (sDc != null) {
            Buf.of(array(dFinal.get(1))).get(0, sDc[0], 0, state);
        }
        Buf bC0 = kind == CellKind.LSTM ? Buf.of(array(initial.get(1))) : null;
        boolean[] on = lengths == null ? null : new boolean[batch];
        Rows rows = new Rows(batch, hs, bDh, bOut, bHidden, bH0, bC0, bGates, bExtra, bP, bRec, sDh, sOut, sGates, sDg,
                sDhid, sA, sB, sDc, on);
        int cur = 0;
        int dcCur = 0;
        double beta = kind == CellKind.GRU ? 1.0 : 0.0;
        try (StepGemm product = StepGemm.open(gemm, false, batch, hs, width)) {
            for (int k = steps - 1; k >= 0; k--) {
                int t = reverse ? steps - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                Nd4jGates.mask(on, lengths, t);
                rows.step(t, k == 0, k == 0 ? 0 : prev * state, cur, dcCur);
                RowSplit.run(batch, hs, Workers.Wait.YIELD, rows);
                product.run(pRec, (long) t * gateRow, width, pW, 0, hs, beta, pDh[1 - cur], 0, hs);
                if (on != null && kind != CellKind.GRU) {
                    carryNative(on, bDh[1 - cur], sDh, hs);
                }
                cur = 1 - cur;
                dcCur = kind == CellKind.LSTM ? 1 - dcCur : dcCur;
            }
        }
        if (dc != null) {
            Buf.of(dc).put(0, sDc[dcCur], 0, state);
        }
        INDArray dW = Nd4jArrays.uninitialized(w.shape(), dtype);
        INDArray db = Nd4jArrays.uninitialized(Shape.of(width), dtype);
        weightGradients(gemm, steps, batch, hs, dRec, hidden, h0, dW, db);
        if (dRec != dP) {
            Nd4jPool.give(dRec);
        }
        dh[1 - cur].close();
        Tensor dInput = be.wrap(dP, Shape.of(steps, batch, width), dtype);
        List<Tensor> dInitial = kind == CellKind.LSTM
                ? List.of(be.wrap(dh[cur], stateShape, dtype), be.wrap(dc, stateShape, dtype))
                : List.of(be.wrap(dh[cur], stateShape, dtype));
        return new SequenceGradient(dInput, dInitial, be.wrap(dW, w.shape(), dtype), be.wrap(db, Shape.of(width), dtype));
    }

    /**
     * The work of one step before its GEMM, for a range of batch rows (rows are independent, so
     * ranges run on different threads): copy the carried and output gradients and the saved blocks
     * into Java, one pass of the gate kernel, copy the gate gradients back (for the GRU also its
     * recurrent gate gradients and the direct part of dh_prev).
     */
    private final class Rows implements RowSplit.Rows {
        private final int hs;
        private final int width;
        private final int state;
        private final int gateRow;
        private final Buf[] bDh;
        private final Buf bOut;
        private final Buf bHidden;
        private final Buf bH0;
        private final Buf bC0;
        private final Buf bGates;
        private final Buf bExtra;
        private final Buf bP;
        private final Buf bRec;
        private final Object sDh;
        private final Object sOut;
        private final Object sGates;
        private final Object sDg;
        private final Object sDhid;
        private final Object sA;
        private final Object sB;
        private final Object[] sDc;
        private final boolean[] on;
        private int t;
        private boolean first;
        private int hOff;
        private int cur;
        private int dcCur;

        Rows(int batch, int hs, Buf[] bDh, Buf bOut, Buf bHidden, Buf bH0, Buf bC0, Buf bGates, Buf bExtra, Buf bP,
             Buf bRec, Object sDh, Object sOut, Object sGates, Object sDg, Object sDhid, Object sA, Object sB,
             Object[] sDc, boolean[] on) {
            this.hs = hs;
            this.width = kind.gates() * hs;
            this.state = batch * hs;
            this.gateRow = batch * width;
            this.bDh = bDh;
            this.bOut = bOut;
            this.bHidden = bHidden;
            this.bH0 = bH0;
            this.bC0 = bC0;
            this.bGates = bGates;
            this.bExtra = bExtra;
            this.bP = bP;
            this.bRec = bRec;
            this.sDh = sDh;
            this.sOut = sOut;
            this.sGates = sGates;
            this.sDg = sDg;
            this.sDhid = sDhid;
            this.sA = sA;
            this.sB = sB;
            this.sDc = sDc;
            this.on = on;
        }

        /**
         * Sets the step: time {@code t}, whether it starts from the initial state, the offset of the
         * state it started from, and which ping-pong buffers hold dh and dc.
         */
        void step(int t, boolean first, int hOff, int cur, int dcCur) {
            this.t = t;
            this.first = first;
            this.hOff = hOff;
            this.cur = cur;
            this.dcCur = dcCur;
        }

        @Override
        public void run(int from, int count) {
            int g = from * width;
            int s = from * hs;
            int n = count * hs;
            bDh[cur].get(s, sDh, s, n);
            bOut.get(t * state + s, sOut, s, n);
            if (sGates != null) {
                bGates.get(t * gateRow + g, sGates, g, count * width);
            }
            switch (kind) {
                case LSTM -> {
                    // sA: c_t (this step's new state), sB: the state it started from
                    bExtra.get(t * state + s, sA, s, n);
                    (first ? bC0 : bExtra).get(hOff + s, sB, s, n);
                    Object dcIn = sDc[dcCur];
                    Object dcOut = sDc[1 - dcCur];
                    Nd4jGates.lstmBackward(from, count, hs, sDh, sOut, dcIn, sGates, sB, sA, sDg, dcOut);
                    Nd4jGates.carryRows(on, from, count, dcIn, dcOut, hs);
                }
                case GRU -> {
                    // sA: the saved hn, sB: h_prev; the direct part dh z goes to the next dh, the GEMM adds to it
                    bExtra.get(t * state + s, sA, s, n);
                    (first ? bH0 : bHidden).get(hOff + s, sB, s, n);
                    Object dhz = sOut;
                    Nd4jGates.gruBackward(from, count, hs, sDh, sOut, sGates, sA, sB, sDg, sDhid, dhz);
                    Nd4jGates.zeroRows(on, from, count, sDhid, g, width);
                    Nd4jGates.carryRows(on, from, count, sDh, dhz, hs);
                    bRec.put(t * gateRow + g, sDhid, g, count * width);
                    bDh[1 - cur].put(s, dhz, s, n);
                }
                default -> {
                    bHidden.get(t * state + s, sA, s, n);
                    Nd4jGates.rnnBackward(from, count, hs, kind == CellKind.RNN_RELU, sDh, sOut, sA, sDg);
                }
            }
            Nd4jGates.zeroRows(on, from, count, sDg, g, width);
            bP.put(t * gateRow + g, sDg, g, count * width);
        }
    }

    /** Writes the rows of {@code src} that do not run into {@code dst} (the carried gradient). */
    private static void carryNative(boolean[] on, Buf dst, Object src, int hs) {
        for (int b = 0; b < on.length; b++) {
            if (!on[b]) {
                dst.put(b * hs, src, b * hs, hs);
            }
        }
    }

    /**
     * {@code dW = dG_first^T h0 + sum over the other steps of dG_t^T h_{t-1}}, where the other steps'
     * rows and their previous hidden states are contiguous row ranges; {@code db = dG^T 1}.
     */
    private void weightGradients(Gemm gemm, int steps, int batch, int hs, INDArray dRec, INDArray hidden,
                                 INDArray h0, INDArray dW, INDArray db) {
        int width = kind.gates() * hs;
        Pointer pRec = gemm.pointer(dRec);
        Pointer pDw = gemm.pointer(dW);
        int firstStep = reverse ? steps - 1 : 0;
        gemm.run(true, false, width, hs, batch, 1.0, pRec, (long) firstStep * batch * width, width, gemm.pointer(h0), 0,
                hs, 0.0, pDw, 0, hs);
        if (steps > 1) {
            long recFrom = reverse ? 0 : (long) batch * width;
            long hiddenFrom = reverse ? (long) batch * hs : 0;
            gemm.run(true, false, width, hs, (steps - 1) * batch, 1.0, pRec, recFrom, width, gemm.pointer(hidden),
                    hiddenFrom, hs, 1.0, pDw, 0, hs);
        }
        INDArray ones = Nd4jArrays.ones(steps * batch, dOutput.dtype());
        gemm.columnSums(steps * batch, width, pRec, 0, gemm.pointer(ones), gemm.pointer(db), 0);
        ones.close();
    }
}
