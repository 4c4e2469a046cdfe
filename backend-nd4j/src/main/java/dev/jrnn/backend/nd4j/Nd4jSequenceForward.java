package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceChecks;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceSizes;
import dev.jrnn.kernels.RowSplit;
import dev.jrnn.kernels.Workers;
import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One direction of a recurrent layer over a whole sequence, as {@link RecurrentDefaults#sequenceForward}
 * defines it: every output and saved buffer and every scratch array is allocated before the time
 * loop; each step is one GEMM {@code h_prev W_hh^T} ({@link StepGemm}) straight into its slot of
 * the [T, B, G*H] gate buffer (the hidden buffer for Elman cells), a bulk copy of that block and of
 * the step's input projection into Java arrays, one fused pass of the cell's {@link Nd4jGates} kernel, and bulk
 * copies of the activated gates and new states back. Where the GEMM is faster with its right
 * operand untransposed ({@link Gemm#prefersUntransposedRight}), the loop multiplies by a copy of
 * {@code W_hh^T} that the weight tensor keeps ({@link Nd4jTensor#transposed}). The state is carried in Java arrays. The loop allocates
 * nothing. Without padding the output tensor shares the saved hidden states' buffer.
 *
 * <p>Float32 LSTM and GRU layers without padding skip the copies ({@code jrnn.nd4j.directGates}):
 * the gate kernel reads the product's block and {@code P_t} and writes the gates, the new state and
 * the saved extra state straight in the native buffers ({@link NativeFloats}), and the states are
 * carried there, each step reading the previous step's slots.
 *
 * <p>On two or more cores with oneDNN the batch is cut into {@link BatchSlices} that each run the
 * whole loop on their own thread, their step products on oneDNN single-threaded
 * ({@link StepGemm#alone}); the states of different batch rows never meet, so the slices do not
 * wait for each other. Otherwise (float64, OpenBLAS, small batches) each step's product is one
 * {@link StepGemm} and the work between two GEMMs is split by batch rows ({@link RowSplit}); the
 * workers wait by yielding ({@link Workers.Wait#YIELD}), so they leave the native libraries'
 * threads their cores.
 */
final class Nd4jSequenceForward {
    private final Nd4jBackend be;
    private final CellKind kind;
    private final Tensor p;
    private final List<Tensor> initial;
    private final Tensor w;
    private final Tensor b;
    private final int[] lengths;
    private final boolean reverse;

    Nd4jSequenceForward(Nd4jBackend be, CellKind kind, Tensor p, List<Tensor> initial, Tensor w, Tensor b,
                        int[] lengths, boolean reverse) {
        this.be = be;
        this.kind = kind;
        this.p = p;
        this.initial = initial;
        this.w = w;
        this.b = b;
        this.lengths = lengths;
        this.reverse = reverse;
    }

    SequenceForward run() {
        SequenceSizes sizes = SequenceChecks.forward(be, kind, p, initial, w, b, lengths);
        int steps = sizes.steps();
        int batch = sizes.batch();
        int hs = sizes.hidden();
        if (steps == 0 || batch == 0 || hs == 0) {
            return RecurrentDefaults.sequenceForward(be, kind, p, initial, w, b, lengths, reverse);
        }
        return loop(steps, batch, hs);
    }

    /**
     * The recurrent weight [G*H, H] as the step products multiply it: itself, or its transpose
     * [H, G*H] (kept by the weight, made once) where {@code transposed}.
     */
    static INDArray stepWeight(Gemm gemm, Tensor w, boolean transposed, int width, int hs) {
        return transposed ? ((Nd4jTensor) w).transposed((from, to) -> {
            if (gemm.oneDnnFloats()) {
                OneDnn.transpose(gemm.pointer(from), gemm.pointer(to), width, hs);
            } else {
                to.assign(from.transpose());
            }
        }) : array(w);
    }

    private SequenceForward loop(int steps, int batch, int hs) {
        DType dtype = p.dtype();
        int width = kind.gates() * hs;
        int state = batch * hs;
        int block = batch * width;
        Shape seq = Shape.of(steps, batch, hs);
        // without padding the outputs are the hidden states: one buffer serves both
        INDArray output = lengths == null ? null : Nd4jArrays.uninitialized(seq, dtype);
        INDArray hidden = Nd4jArrays.uninitialized(seq, dtype);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        INDArray gates = gated ? Nd4jArrays.uninitialized(Shape.of(steps, batch, width), dtype) : null;
        INDArray extra = gated ? Nd4jArrays.uninitialized(seq, dtype) : null;

        Gemm gemm = be.gemm(hidden.dataType());
        int slices = BatchSlices.count(gemm, steps, batch, width, hs);
        // W_hh^T once per sequence where the untransposed product is faster: [H, G*H], row-major
        boolean wT = slices > 1 || gemm.prefersUntransposedRight(batch, width, hs);
        // the weight keeps its transpose: inference multiplies by the same one at every call
        INDArray weight = stepWeight(gemm, w, wT, width, hs);
        Pointer pW = gemm.pointer(weight);
        Pointer pH0 = gemm.pointer(array(initial.get(0)));
        Pointer pHidden = gemm.pointer(hidden);
        Pointer pTarget = gemm.pointer(gated ? gates : hidden);
        Buf bP = Buf.of(array(p));
        Buf bHidden = Buf.of(hidden);
        Buf bOut = output == null ? null : Buf.of(output);
        Buf bTarget = gated ? Buf.of(gates) : bHidden;
        Buf bExtra = gated ? Buf.of(extra) : null;
        int ldw = wT ? width : hs;
        Direct direct = direct(gated, gates, hidden, extra);
        Shared shared;
        if (direct != null) {
            shared = new Shared(steps, batch, hs, pW, ldw, pH0, pHidden, pTarget, bP, bTarget, bHidden, bOut, bExtra,
                    null, null, null, null, null, null, direct);
        } else {
            // scratch: the step's GEMM result and input projection, the previous and the new state
            Object z = bP.scratch(block);
            Object pt = bP.scratch(block);
            Object bias = null;
            if (b != null) {
                bias = bP.scratch(width);
                Buf.of(array(b)).get(0, bias, 0, width);
            }
            Object[] hs2 = {bP.scratch(state), bP.scratch(state)};
            Object[] cs2 = kind == CellKind.LSTM ? new Object[] {bP.scratch(state), bP.scratch(state)} : null;
            Object hn = kind == CellKind.GRU ? bP.scratch(state) : null;
            Buf.of(array(initial.get(0))).get(0, hs2[0], 0, state);
            if (cs2 != null) {
                Buf.of(array(initial.get(1))).get(0, cs2[0], 0, state);
            }
            shared = new Shared(steps, batch, hs, pW, ldw, pH0, pHidden, pTarget, bP, bTarget, bHidden, bOut, bExtra,
                    z, pt, bias, hs2, cs2, hn, null);
        }
        BatchSlices.run(slices, gemm, !wT, batch, width, hs, gemm.packsStepWeights(), (from, rows, product, splitRows) ->
                new Rows(shared).loop(from, rows, product, splitRows));
        int last = reverse ? 0 : steps - 1;
        Shape stateShape = Shape.of(batch, hs);
        Tensor hFinal = be.wrap(slab(hidden, last, stateShape, dtype), stateShape, dtype);
        Tensor hiddenAll = be.wrap(hidden, seq, dtype);
        Tensor out = output == null ? ((Nd4jTensor) hiddenAll).reshaped(be, seq) : be.wrap(output, seq, dtype);
        return switch (kind) {
            case LSTM -> new SequenceForward(out, List.of(hFinal, be.wrap(slab(extra, last, stateShape, dtype), stateShape, dtype)),
                    List.of(be.wrap(gates, gates(steps, batch, width), dtype), be.wrap(extra, seq, dtype), hiddenAll));
            case GRU -> new SequenceForward(out, List.of(hFinal),
                    List.of(be.wrap(gates, gates(steps, batch, width), dtype), be.wrap(extra, seq, dtype), hiddenAll));
            default -> new SequenceForward(out, List.of(hFinal), List.of(hiddenAll));
        };
    }

    /**
     * The native views the gate kernels work on in place ({@link NativeFloats}), or null where the
     * loop copies through Java arrays: float64, Elman cells, padded batches (their rows are masked
     * in Java), arrays too large for a byte buffer, or {@code jrnn.nd4j.directGates=false}.
     */
    private Direct direct(boolean gated, INDArray gates, INDArray hidden, INDArray extra) {
        INDArray pa = array(p);
        INDArray h0 = array(initial.get(0));
        INDArray c0 = kind == CellKind.LSTM ? array(initial.get(1)) : null;
        INDArray bias = b == null ? null : array(b);
        if (!be.settings().directGates() || !gated || lengths != null
                || !NativeFloats.fit(pa, gates, hidden, extra, h0, c0, bias)) {
            return null;
        }
        return new Direct(NativeFloats.of(pa), NativeFloats.of(gates), NativeFloats.of(hidden), NativeFloats.of(extra),
                NativeFloats.of(h0), NativeFloats.of(c0), NativeFloats.of(bias));
    }

    /**
     * The native memory of the projection P and the gate buffer [T, B, G*H], the hidden states and
     * the extra saved state (the LSTM's c, the GRU's hn) [T, B, H], the initial states and the bias.
     */
    private record Direct(ByteBuffer p, ByteBuffer gates, ByteBuffer hidden, ByteBuffer extra, ByteBuffer h0,
                          ByteBuffer c0, ByteBuffer bias) {
    }

    /**
     * The time loop over a range of batch rows and the work of each step after its GEMM: copy the
     * GEMM result and the input projection into Java, one pass of the gate kernel, copy the gates and
     * states back. Rows are independent, so ranges run on different threads; each range has its own
     * instance, the buffers and scratch arrays ({@link Shared}, indexed by batch row) are shared.
     */
    private final class Rows implements RowSplit.Rows {
        private final Shared sh;
        private final int hs;
        private final int width;
        private final int state;
        private final int block;
        private final boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        private final boolean[] on;
        private int k;
        private int t;
        private int target;

        Rows(Shared shared) {
            this.sh = shared;
            this.hs = shared.hs();
            this.width = kind.gates() * hs;
            this.state = shared.batch() * hs;
            this.block = shared.batch() * width;
            this.on = lengths == null ? null : new boolean[shared.batch()];
        }

        /**
         * Every step for rows {@code [from, from + count)}: {@code product} is the step GEMM for those
         * rows; {@code splitRows} splits the gate work over the workers ({@link RowSplit}).
         */
        void loop(int from, int count, StepGemm product, boolean splitRows) {
            RowSplit.Rows offset = (r, n) -> run(from + r, n);
            for (k = 0; k < sh.steps(); k++) {
                t = reverse ? sh.steps() - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                Nd4jGates.mask(on, lengths, t);
                target = gated ? t * block : t * state;
                product.run(k == 0 ? sh.pH0() : sh.pHidden(), (k == 0 ? 0 : (long) prev * state) + (long) from * hs, hs,
                        sh.pW(), 0, sh.ldw(), 0.0, sh.pTarget(), target + (long) from * width, width);
                if (splitRows) {
                    RowSplit.run(be.cpu().workers(), count, hs, Workers.Wait.YIELD, offset);
                } else {
                    run(from, count);
                }
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
            Object z = sh.z();
            sh.bTarget().get(target + g, z, g, count * width);
            sh.bP().get(t * block + g, sh.pt(), g, count * width);
            Object hPrev = sh.hs2()[k & 1];
            Object hNext = sh.hs2()[1 - (k & 1)];
            switch (kind) {
                case LSTM -> {
                    Object cPrev = sh.cs2()[k & 1];
                    Object cNext = sh.cs2()[1 - (k & 1)];
                    be.gates().lstmForward(from, count, hs, z, sh.pt(), sh.bias(), cPrev, cNext, hNext);
                    Nd4jGates.carryRows(on, from, count, cPrev, cNext, hs);
                    sh.bExtra().put(t * state + s, cNext, s, count * hs);
                }
                case GRU -> {
                    be.gates().gruForward(from, count, hs, sh.pt(), z, sh.bias(), hPrev, sh.hn(), hNext);
                    sh.bExtra().put(t * state + s, sh.hn(), s, count * hs);
                }
                default -> be.gates().rnnForward(from, count, hs, kind == CellKind.RNN_RELU, z, sh.pt(), sh.bias(), hNext);
            }
            if (gated) {
                sh.bTarget().put(target + g, z, g, count * width);
            }
            Nd4jGates.carryRows(on, from, count, hPrev, hNext, hs);
            sh.bHidden().put(t * state + s, hNext, s, count * hs);
            if (on != null) {
                // padded outputs are zero: this range of the GEMM scratch is free now and holds the output rows
                System.arraycopy(hNext, s, z, g, count * hs);
                Nd4jGates.zeroRows(on, from, count, z, g, hs);
                sh.bOut().put(t * state + s, z, g, count * hs);
            }
        }

        /**
         * The step's gate kernel on the native memory: the product's block and P_t in, the gates in
         * place of the product, the new states into their slots of the saved buffers, from which the
         * next step's product and kernel read them (the previous states of step 0 are the initial ones).
         */
        private void runInPlace(int from, int count) {
            Direct d = sh.direct();
            int g = t * block + from * width;
            int s = t * state + from * hs;
            int prev = k == 0 ? from * hs : (reverse ? t + 1 : t - 1) * state + from * hs;
            if (kind == CellKind.LSTM) {
                be.cpu().lstm().forward(count, hs, d.gates(), g, d.p(), g, d.bias(), k == 0 ? d.c0() : d.extra(), prev,
                        d.gates(), g, d.extra(), s, d.hidden(), s);
            } else {
                be.cpu().gru().forward(count, hs, d.p(), g, d.gates(), g, d.bias(), k == 0 ? d.h0() : d.hidden(), prev,
                        d.gates(), g, d.extra(), s, d.hidden(), s);
            }
        }
    }

    /** What the ranges share: sizes, the operands' pointers and buffers, the scratch arrays or the native views. */
    private record Shared(int steps, int batch, int hs, Pointer pW, int ldw, Pointer pH0, Pointer pHidden,
                          Pointer pTarget, Buf bP, Buf bTarget, Buf bHidden, Buf bOut, Buf bExtra, Object z,
                          Object pt, Object bias, Object[] hs2, Object[] cs2, Object hn, Direct direct) {
    }

    private static Shape gates(int steps, int batch, int width) {
        return Shape.of(steps, batch, width);
    }

    /** A fresh copy of time step {@code t} of a [T, B, H] array. */
    private static INDArray slab(INDArray seq, int t, Shape shape, DType dtype) {
        INDArray out = Nd4jArrays.uninitialized(shape, dtype);
        int n = shape.size();
        Buf from = Buf.of(seq);
        Object tmp = from.scratch(n);
        from.get(t * n, tmp, 0, n);
        Buf.of(out).put(0, tmp, 0, n);
        return out;
    }
}
