package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One direction of a recurrent layer over a whole sequence, as {@link RecurrentDefaults#sequenceForward}
 * defines it: every output and saved buffer is allocated before the time loop; each step is one
 * GEMM {@code h_prev W_hh^T} straight into its slot of the [T, B, G*H] gate buffer (the hidden
 * buffer for Elman cells) and one fused pass of the cell's kernel. The loop allocates nothing.
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
        String op = "recurrentForward";
        Nd4jSeqChecks.operands(be, op, "inputProjection", p, "recurrentWeight", w, "recurrentBias", b);
        if (p.rank() != 3 || w.rank() != 2) {
            throw new IllegalArgumentException(op + ": needs inputProjection [T, B, G*H] and recurrentWeight [G*H, H], got "
                    + p.shape() + " and " + w.shape());
        }
        int steps = p.shape().dim(0);
        int batch = p.shape().dim(1);
        int hs = w.shape().dim(1);
        int width = kind.gates() * hs;
        Checks.shape(op, "inputProjection", p, Shape.of(steps, batch, width));
        Checks.shape(op, "recurrentWeight", w, Shape.of(width, hs));
        if (b != null) {
            Checks.shape(op, "recurrentBias", b, Shape.of(width));
        }
        Nd4jSeqChecks.states(be, op, "initial state", kind, initial, p, Shape.of(batch, hs));
        Nd4jSeqChecks.lengths(lengths, steps, batch);
        if (steps == 0 || batch == 0 || hs == 0) {
            return RecurrentDefaults.sequenceForward(be, kind, p, initial, w, b, lengths, reverse);
        }
        return loop(steps, batch, hs);
    }

    private SequenceForward loop(int steps, int batch, int hs) {
        DType dtype = p.dtype();
        int width = kind.gates() * hs;
        Shape seq = Shape.of(steps, batch, hs);
        INDArray output = Nd4jArrays.zeros(seq, dtype);
        INDArray hidden = Nd4jArrays.zeros(seq, dtype);
        boolean gated = kind == CellKind.LSTM || kind == CellKind.GRU;
        INDArray gates = gated ? Nd4jArrays.zeros(Shape.of(steps, batch, width), dtype) : null;
        INDArray extra = gated ? Nd4jArrays.zeros(seq, dtype) : null;
        INDArray h0 = array(initial.get(0));
        INDArray c0 = kind == CellKind.LSTM ? array(initial.get(1)) : null;

        Gemm gemm = Gemm.of(output.dataType());
        Pointer pW = gemm.pointer(array(w));
        Pointer pH0 = gemm.pointer(h0);
        Pointer pHidden = gemm.pointer(hidden);
        Pointer pTarget = gated ? gemm.pointer(gates) : gemm.pointer(hidden);
        Buf bP = Buf.of(array(p));
        Buf bBias = b == null ? null : Buf.of(array(b));
        Buf bH0 = Buf.of(h0);
        Buf bC0 = c0 == null ? null : Buf.of(c0);
        Buf bHidden = Buf.of(hidden);
        Buf bOut = Buf.of(output);
        Buf bGates = gated ? Buf.of(gates) : null;
        Buf bExtra = gated ? Buf.of(extra) : null;
        boolean[] on = lengths == null ? null : new boolean[batch];
        int state = batch * hs;
        int last = 0;
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = k == 0;
            Buf hBuf = first ? bH0 : bHidden;
            int hOff = first ? 0 : prev * state;
            if (on != null) {
                for (int i = 0; i < batch; i++) {
                    on[i] = t < lengths[i];
                }
            }
            int target = gated ? t * batch * width : t * state;
            gemm.run(false, true, batch, width, hs, 1.0, first ? pH0 : pHidden, hOff, hs, pW, 0, hs, 0.0, pTarget,
                    target, width);
            switch (kind) {
                case LSTM -> LstmKernel.forward(batch, hs, bGates, target, bP, t * batch * width, bBias, hBuf, hOff,
                        first ? bC0 : bExtra, hOff, bHidden, t * state, bExtra, t * state, bOut, t * state, on);
                case GRU -> GruKernel.forward(batch, hs, bGates, target, bP, t * batch * width, bBias, hBuf, hOff,
                        bExtra, t * state, bHidden, t * state, bOut, t * state, on);
                default -> RnnKernel.forward(batch, hs, kind == CellKind.RNN_RELU, bHidden, t * state, bP,
                        t * batch * width, bBias, hBuf, hOff, bOut, t * state, on);
            }
            last = t;
        }
        Shape stateShape = Shape.of(batch, hs);
        Tensor hFinal = be.wrap(slab(hidden, last, stateShape, dtype), stateShape, dtype);
        Tensor out = be.wrap(output, seq, dtype);
        Tensor hiddenAll = be.wrap(hidden, seq, dtype);
        return switch (kind) {
            case LSTM -> new SequenceForward(out, List.of(hFinal, be.wrap(slab(extra, last, stateShape, dtype), stateShape, dtype)),
                    List.of(be.wrap(gates, gates(steps, batch, width), dtype), be.wrap(extra, seq, dtype), hiddenAll));
            case GRU -> new SequenceForward(out, List.of(hFinal),
                    List.of(be.wrap(gates, gates(steps, batch, width), dtype), be.wrap(extra, seq, dtype), hiddenAll));
            default -> new SequenceForward(out, List.of(hFinal), List.of(hiddenAll));
        };
    }

    private static Shape gates(int steps, int batch, int width) {
        return Shape.of(steps, batch, width);
    }

    /** A fresh copy of time step {@code t} of a [T, B, H] array. */
    private static INDArray slab(INDArray seq, int t, Shape shape, DType dtype) {
        INDArray out = Nd4jArrays.zeros(shape, dtype);
        int n = shape.size();
        Buf.of(out).copy(0, Buf.of(seq), t * n, n);
        return out;
    }
}
