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
import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Backward of {@link Nd4jSequenceForward}, as {@link RecurrentDefaults#sequenceBackward} defines
 * it: per step bulk copies of the step's saved blocks into Java scratch arrays, one fused
 * {@link Nd4jGates} pass whose gate gradients are copied into their slot of a preallocated
 * [T, B, G*H] buffer, and one GEMM {@code dh_prev = dG W_hh} ({@link StepGemm}) into a ping-pong
 * state buffer (for the GRU onto the direct part {@code dh z} written there first). The LSTM's dc is
 * carried in Java arrays. The loop runs in {@link BatchSlices} or split step by step, as in the
 * forward pass; where the forward's slices multiply by a weight reordered once
 * ({@link Gemm#packsStepWeights}), the backward's storing products (beta 0: not the GRU's) do too
 * ({@code jrnn.nd4j.backwardStepMatmul}). Float32 LSTM and GRU layers without padding skip the copies
 * ({@code jrnn.nd4j.directGates}): the gate kernel works on the native buffers in place
 * ({@link NativeFloats}), the LSTM's dc carried in two native buffers that swap.
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
        INDArray hidden = array(fwd.saved().get(fwd.saved().size() - 1));
        INDArray h0 = array(initial.get(0));

        Gemm gemm = be.gemm(dP.dataType());
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
        Buf bC0 = kind == CellKind.LSTM ? Buf.of(array(initial.get(1))) : null;
        double beta = kind == CellKind.GRU ? 1.0 : 0.0;
        // the LSTM's dc, carried from step to step in two buffers that swap
        INDArray[] dcs = null;
        Object[] sDc = null;
        Direct direct = direct(gated, dP, dRec, dh, hidden, h0);
        Shared shared;
        if (direct != null) {
            if (kind == CellKind.LSTM) {
                dcs = new INDArray[] {Nd4jArrays.copy(array(dFinal.get(1)), stateShape),
                    Nd4jArrays.uninitialized(stateShape, dtype)};
                direct = direct.withDc(NativeFloats.of(dcs[0]), NativeFloats.of(dcs[1]));
            }
            shared = new Shared(steps, batch, hs, pW, pRec, pDh, beta, bDh, bOut, bHidden, bH0, bC0, bGates, bExtra,
                    bP, bRec, null, null, null, null, null, null, null, null, direct);
        } else {
            // scratch: the carried dh, the step's output gradient, saved gates and states, the gate gradients
            Object sDh = bP.scratch(state);
            Object sOut = bP.scratch(state);
            Object sGates = gated ? bP.scratch(gateRow) : null;
            Object sDg = bP.scratch(gateRow);
            Object sDhid = kind == CellKind.GRU ? bP.scratch(gateRow) : null;
            Object sA = bP.scratch(state);
            Object sB = bP.scratch(state);
            sDc = kind == CellKind.LSTM ? new Object[] {bP.scratch(state), bP.scratch(state)} : null;
            if (sDc != null) {
                Buf.of(array(dFinal.get(1))).get(0, sDc[0], 0, state);
            }
            shared = new Shared(steps, batch, hs, pW, pRec, pDh, beta, bDh, bOut, bHidden, bH0, bC0, bGates, bExtra,
                    bP, bRec, sDh, sOut, sGates, sDg, sDhid, sA, sB, sDc, null);
        }
        // the storing products (beta 0) on the weight reordered once, as the forward's slices do
        boolean packWeight = be.settings().backwardStepMatmul() && gemm.packsStepWeights();
        BatchSlices.run(BatchSlices.count(gemm, steps, batch, hs, width), gemm, false, batch, hs, width, packWeight,
                (from, rows, product, splitRows) -> new Rows(shared).loop(from, rows, product, splitRows));
        // the ping-pong buffers the last step wrote: each step swaps them
        int cur = steps % 2;
        int dcCur = kind == CellKind.LSTM ? cur : 0;
        INDArray dc = null;
        if (dcs != null) {
            dc = dcs[dcCur];
            dcs[1 - dcCur].close();
        } else if (sDc != null) {
            dc = Nd4jArrays.uninitialized(stateShape, dtype);
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
     * The native views the gate kernels work on in place ({@link NativeFloats}), or null where the
     * loop copies through Java arrays: float64, Elman cells, padded batches (their rows are masked
     * in Java), arrays too large for a byte buffer, or {@code jrnn.nd4j.directGates=false}.
     */
    private Direct direct(boolean gated, INDArray dP, INDArray dRec, INDArray[] dh, INDArray hidden, INDArray h0) {
        INDArray out = array(dOutput);
        INDArray gates = gated ? array(fwd.saved().get(0)) : null;
        INDArray extra = gated ? array(fwd.saved().get(1)) : null;
        INDArray c0 = kind == CellKind.LSTM ? array(initial.get(1)) : null;
        if (!be.settings().directGates() || !gated || lengths != null
                || !NativeFloats.fit(dP, dRec, dh[0], dh[1], out, gates, extra, hidden, h0, c0)) {
            return null;
        }
        return new Direct(NativeFloats.of(dP), NativeFloats.of(dRec),
                new ByteBuffer[] {NativeFloats.of(dh[0]), NativeFloats.of(dh[1])}, NativeFloats.of(out),
                NativeFloats.of(gates), NativeFloats.of(extra), NativeFloats.of(hidden), NativeFloats.of(h0),
                NativeFloats.of(c0), null);
    }

    /**
     * The native memory of the gate gradients dP (and the GRU's recurrent ones dRec) [T, B, G*H], the
     * two carried dh [B, H], the output gradient [T, B, H], the saved gates [T, B, G*H], extra state
     * and hidden states [T, B, H], the initial states, and the LSTM's two carried dc [B, H].
     */
    private record Direct(ByteBuffer dP, ByteBuffer dRec, ByteBuffer[] dh, ByteBuffer out, ByteBuffer gates,
                          ByteBuffer extra, ByteBuffer hidden, ByteBuffer h0, ByteBuffer c0, ByteBuffer[] dc) {
        Direct withDc(ByteBuffer first, ByteBuffer second) {
            return new Direct(dP, dRec, dh, out, gates, extra, hidden, h0, c0, new ByteBuffer[] {first, second});
        }
    }

    /** What the row ranges share: sizes, the operands' pointers and buffers, the scratch arrays or the native views. */
    private record Shared(int steps, int batch, int hs, Pointer pW, Pointer pRec, Pointer[] pDh, double beta, Buf[] bDh,
                          Buf bOut, Buf bHidden, Buf bH0, Buf bC0, Buf bGates, Buf bExtra, Buf bP, Buf bRec, Object sDh,
                          Object sOut, Object sGates, Object sDg, Object sDhid, Object sA, Object sB, Object[] sDc,
                          Direct direct) {
    }

    /**
     * The time loop over a range of batch rows and the work of each step before its GEMM: copy the
     * carried and output gradients and the saved blocks into Java, one pass of the gate kernel, copy
     * the gate gradients back (for the GRU also its recurrent gate gradients and the direct part of
     * dh_prev). Rows are independent, so ranges run on different threads; each range has its own
     * instance, the buffers and scratch arrays ({@link Shared}, indexed by batch row) are shared.
     */
    private final class Rows implements RowSplit.Rows {
        private final Shared sh;
        private final int hs;
        private final int width;
        private final int state;
        private final int gateRow;
        private final boolean[] on;
        private int t;
        private boolean first;
        private int hOff;
        private int cur;
        private int dcCur;

        Rows(Shared shared) {
            this.sh = shared;
            this.hs = shared.hs();
            this.width = kind.gates() * hs;
            this.state = shared.batch() * hs;
            this.gateRow = shared.batch() * width;
            this.on = lengths == null ? null : new boolean[shared.batch()];
        }

        /**
         * Every step, last to first, for rows {@code [from, from + count)}: {@code product} is the step
         * GEMM for those rows; {@code splitRows} splits the gate work over the workers ({@link RowSplit}).
         */
        void loop(int from, int count, StepGemm product, boolean splitRows) {
            RowSplit.Rows offset = (r, n) -> run(from + r, n);
            cur = 0;
            dcCur = 0;
            for (int k = sh.steps() - 1; k >= 0; k--) {
                t = reverse ? sh.steps() - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                first = k == 0;
                hOff = first ? 0 : prev * state;
                Nd4jGates.mask(on, lengths, t);
                if (splitRows) {
                    RowSplit.run(be.cpu().workers(), count, hs, Workers.Wait.YIELD, offset);
                } else {
                    run(from, count);
                }
                product.run(sh.pRec(), (long) t * gateRow + (long) from * width, width, sh.pW(), 0, hs, sh.beta(),
                        sh.pDh()[1 - cur], (long) from * hs, hs);
                if (on != null && kind != CellKind.GRU) {
                    carryNative(on, from, count, sh.bDh()[1 - cur], sh.sDh(), hs);
                }
                cur = 1 - cur;
                dcCur = kind == CellKind.LSTM ? 1 - dcCur : dcCur;
            }
        }

        @Override
        public void run(int from, int count) {
            if (sh.direct() != null) {
                runInPlace(from, count);
                return;
            }
            int g = from * width;
            int s = from * hs;
            int n = count * hs;
            Object sDh = sh.sDh();
            Object sOut = sh.sOut();
            Object sGates = sh.sGates();
            Object sDg = sh.sDg();
            Object sA = sh.sA();
            Object sB = sh.sB();
            sh.bDh()[cur].get(s, sDh, s, n);
            sh.bOut().get(t * state + s, sOut, s, n);
            if (sGates != null) {
                sh.bGates().get(t * gateRow + g, sGates, g, count * width);
            }
            switch (kind) {
                case LSTM -> {
                    // sA: c_t (this step's new state), sB: the state it started from
                    sh.bExtra().get(t * state + s, sA, s, n);
                    (first ? sh.bC0() : sh.bExtra()).get(hOff + s, sB, s, n);
                    Object dcIn = sh.sDc()[dcCur];
                    Object dcOut = sh.sDc()[1 - dcCur];
                    be.gates().lstmBackward(from, count, hs, sDh, sOut, dcIn, sGates, sB, sA, sDg, dcOut);
                    Nd4jGates.carryRows(on, from, count, dcIn, dcOut, hs);
                }
                case GRU -> {
                    // sA: the saved hn, sB: h_prev; the direct part dh z goes to the next dh, the GEMM adds to it
                    sh.bExtra().get(t * state + s, sA, s, n);
                    (first ? sh.bH0() : sh.bHidden()).get(hOff + s, sB, s, n);
                    Object dhz = sOut;
                    be.gates().gruBackward(from, count, hs, sDh, sOut, sGates, sA, sB, sDg, sh.sDhid(), dhz);
                    Nd4jGates.zeroRows(on, from, count, sh.sDhid(), g, width);
                    Nd4jGates.carryRows(on, from, count, sDh, dhz, hs);
                    sh.bRec().put(t * gateRow + g, sh.sDhid(), g, count * width);
                    sh.bDh()[1 - cur].put(s, dhz, s, n);
                }
                default -> {
                    sh.bHidden().get(t * state + s, sA, s, n);
                    be.gates().rnnBackward(from, count, hs, kind == CellKind.RNN_RELU, sDh, sOut, sA, sDg);
                }
            }
            Nd4jGates.zeroRows(on, from, count, sDg, g, width);
            sh.bP().put(t * gateRow + g, sDg, g, count * width);
        }

        /**
         * The step's gate kernel on the native memory: the carried and output gradients, the saved
         * gates and states in, the gate gradients into their slot of dP (the GRU's recurrent ones into
         * dRec, its direct part of dh_prev into the next dh, which the product then adds to), the
         * LSTM's dc_prev into the other dc buffer.
         */
        private void runInPlace(int from, int count) {
            Direct d = sh.direct();
            int s = from * hs;
            int st = t * state + s;
            int g = t * gateRow + from * width;
            if (kind == CellKind.LSTM) {
                be.cpu().lstm().backward(count, hs, d.dh()[cur], s, d.out(), st, d.dc()[dcCur], s, d.gates(), g,
                        first ? d.c0() : d.extra(), hOff + s, d.extra(), st, d.dP(), g, d.dc()[1 - dcCur], s);
            } else {
                be.cpu().gru().backward(count, hs, d.dh()[cur], s, d.out(), st, d.gates(), g, d.extra(), st,
                        first ? d.h0() : d.hidden(), hOff + s, d.dP(), g, d.dRec(), g, d.dh()[1 - cur], s);
            }
        }
    }

    /**
     * Writes the rows in {@code [from, from + count)} of {@code src} that do not run into {@code dst}
     * (the carried gradient).
     */
    private static void carryNative(boolean[] on, int from, int count, Buf dst, Object src, int hs) {
        for (int b = from; b < from + count; b++) {
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
