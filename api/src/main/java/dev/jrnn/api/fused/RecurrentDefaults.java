package dev.jrnn.api.fused;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Checks;
import java.util.List;

/**
 * The composite ops of {@link Backend} written with its primitives: the definitions that fused
 * overrides must reproduce. Clear rather than fast; intermediates are freed by a scope.
 */
public final class RecurrentDefaults {
    private RecurrentDefaults() {
    }

    /** {@code y = x W^T + b}. */
    public static Tensor linear(Backend be, Tensor x, Tensor weight, Tensor bias) {
        if (bias == null) {
            return be.matmul(x, false, weight, true);
        }
        try (TensorScope scope = TensorScope.open()) {
            return scope.keep(be.add(be.matmul(x, false, weight, true), bias));
        }
    }

    /** Block {@code k} of width {@code h} along the last axis of a [B, G*H] tensor. */
    static Tensor block(Backend be, Tensor t, int k, int h) {
        return be.slice(t, 1, k * h, (k + 1) * h);
    }

    static Tensor oneMinus(Backend be, Tensor x) {
        return be.sub(be.scalar(1.0, x.dtype()), x);
    }

    public static LstmStep lstmStep(Backend be, Tensor p, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
        int hs = h.shape().dim(1);
        Checks.shape("lstmStep", "inputProjection", p, Shape.of(h.shape().dim(0), 4 * hs));
        try (TensorScope scope = TensorScope.open()) {
            Tensor z = be.add(p, linear(be, h, wHh, bHh));
            Tensor i = be.sigmoid(block(be, z, 0, hs));
            Tensor f = be.sigmoid(block(be, z, 1, hs));
            Tensor g = be.tanh(block(be, z, 2, hs));
            Tensor o = be.sigmoid(block(be, z, 3, hs));
            Tensor cNext = be.add(be.mul(f, c), be.mul(i, g));
            Tensor hNext = be.mul(o, be.tanh(cNext));
            Tensor gates = be.concat(1, List.of(i, f, g, o));
            return new LstmStep(scope.keep(hNext), scope.keep(cNext), scope.keep(gates));
        }
    }

    public static LstmStepGradient lstmStepBackward(Backend be, Tensor dh, Tensor dc, Tensor gates, Tensor c,
                                                    Tensor cNext, Tensor wHh) {
        int hs = c.shape().dim(1);
        try (TensorScope scope = TensorScope.open()) {
            Tensor i = block(be, gates, 0, hs);
            Tensor f = block(be, gates, 1, hs);
            Tensor g = block(be, gates, 2, hs);
            Tensor o = block(be, gates, 3, hs);
            Tensor tc = be.tanh(cNext);
            Tensor dcTotal = be.add(dc, be.mul(be.mul(dh, o), oneMinus(be, be.mul(tc, tc))));
            Tensor di = be.mul(be.mul(dcTotal, g), be.mul(i, oneMinus(be, i)));
            Tensor df = be.mul(be.mul(dcTotal, c), be.mul(f, oneMinus(be, f)));
            Tensor dg = be.mul(be.mul(dcTotal, i), oneMinus(be, be.mul(g, g)));
            Tensor dO = be.mul(be.mul(dh, tc), be.mul(o, oneMinus(be, o)));
            Tensor dGates = be.concat(1, List.of(di, df, dg, dO));
            Tensor dhPrev = be.matmul(dGates, false, wHh, false);
            Tensor dcPrev = be.mul(dcTotal, f);
            return new LstmStepGradient(scope.keep(dGates), scope.keep(dhPrev), scope.keep(dcPrev));
        }
    }

    public static GruStep gruStep(Backend be, Tensor p, Tensor h, Tensor wHh, Tensor bHh) {
        int hs = h.shape().dim(1);
        Checks.shape("gruStep", "inputProjection", p, Shape.of(h.shape().dim(0), 3 * hs));
        try (TensorScope scope = TensorScope.open()) {
            Tensor q = linear(be, h, wHh, bHh);
            Tensor r = be.sigmoid(be.add(block(be, p, 0, hs), block(be, q, 0, hs)));
            Tensor z = be.sigmoid(be.add(block(be, p, 1, hs), block(be, q, 1, hs)));
            Tensor hn = block(be, q, 2, hs);
            Tensor n = be.tanh(be.add(block(be, p, 2, hs), be.mul(r, hn)));
            Tensor hNext = be.add(n, be.mul(z, be.sub(h, n)));
            Tensor gates = be.concat(1, List.of(r, z, n));
            return new GruStep(scope.keep(hNext), scope.keep(gates), scope.keep(hn));
        }
    }

    public static GruStepGradient gruStepBackward(Backend be, Tensor dh, Tensor gates, Tensor hn, Tensor h,
                                                  Tensor wHh) {
        int hs = h.shape().dim(1);
        try (TensorScope scope = TensorScope.open()) {
            Tensor r = block(be, gates, 0, hs);
            Tensor z = block(be, gates, 1, hs);
            Tensor n = block(be, gates, 2, hs);
            Tensor dnPre = be.mul(be.mul(dh, oneMinus(be, z)), oneMinus(be, be.mul(n, n)));
            Tensor dzPre = be.mul(be.mul(dh, be.sub(h, n)), be.mul(z, oneMinus(be, z)));
            Tensor drPre = be.mul(be.mul(dnPre, hn), be.mul(r, oneMinus(be, r)));
            Tensor dInput = be.concat(1, List.of(drPre, dzPre, dnPre));
            Tensor dHidden = be.concat(1, List.of(drPre, dzPre, be.mul(dnPre, r)));
            Tensor dhPrev = be.add(be.mul(dh, z), be.matmul(dHidden, false, wHh, false));
            return new GruStepGradient(scope.keep(dInput), scope.keep(dHidden), scope.keep(dhPrev));
        }
    }

    public static Tensor rnnStep(Backend be, CellKind kind, Tensor p, Tensor h, Tensor wHh, Tensor bHh) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor pre = be.add(p, linear(be, h, wHh, bHh));
            return scope.keep(kind == CellKind.RNN_RELU ? be.relu(pre) : be.tanh(pre));
        }
    }

    public static RnnStepGradient rnnStepBackward(Backend be, CellKind kind, Tensor dh, Tensor hNext, Tensor wHh) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor slope = kind == CellKind.RNN_RELU
                    ? be.binary(dev.jrnn.api.backend.BinaryOp.GREATER, hNext, be.scalar(0.0, hNext.dtype()))
                    : oneMinus(be, be.mul(hNext, hNext));
            Tensor dPre = be.mul(dh, slope);
            Tensor dhPrev = be.matmul(dPre, false, wHh, false);
            return new RnnStepGradient(scope.keep(dPre), scope.keep(dhPrev));
        }
    }

    /** [B, H] tensor with 1 in rows whose sequence is still running at step t, else 0; null if all run. */
    static Tensor stepMask(Backend be, int[] lengths, int t, int hidden, DType dtype) {
        if (lengths == null) {
            return null;
        }
        double[] m = new double[lengths.length * hidden];
        boolean all = true;
        for (int b = 0; b < lengths.length; b++) {
            boolean on = t < lengths[b];
            all &= on;
            java.util.Arrays.fill(m, b * hidden, (b + 1) * hidden, on ? 1.0 : 0.0);
        }
        return all ? null : be.fromArray(m, Shape.of(lengths.length, hidden), dtype);
    }

    /** {@code mask ? next : previous}, elementwise. */
    static Tensor select(Backend be, Tensor mask, Tensor next, Tensor previous) {
        return mask == null ? next : be.add(previous, be.mul(mask, be.sub(next, previous)));
    }

    static Tensor timeStep(Backend be, Tensor seq, int t) {
        Shape s = seq.shape();
        return be.reshape(be.slice(seq, 0, t, t + 1), Shape.of(s.dim(1), s.dim(2)));
    }

    static Tensor stack(Backend be, Tensor[] steps) {
        Tensor[] expanded = new Tensor[steps.length];
        for (int t = 0; t < steps.length; t++) {
            expanded[t] = be.expand(steps[t], 0, 1);
        }
        return be.concat(0, List.of(expanded));
    }

    public static SequenceForward sequenceForward(Backend be, CellKind kind, Tensor p, List<Tensor> initial,
                                                  Tensor wHh, Tensor bHh, int[] lengths, boolean reverse) {
        SequenceSizes sizes = SequenceChecks.forward(be, kind, p, initial, wHh, bHh, lengths);
        int steps = sizes.steps();
        int hs = sizes.hidden();
        try (TensorScope scope = TensorScope.open()) {
            Tensor h = initial.get(0);
            Tensor c = kind == CellKind.LSTM ? initial.get(1) : null;
            Tensor[] out = new Tensor[steps];
            Tensor[] hidden = new Tensor[steps];
            Tensor[] gates = new Tensor[steps];
            Tensor[] extra = new Tensor[steps];
            for (int k = 0; k < steps; k++) {
                int t = reverse ? steps - 1 - k : k;
                Tensor pt = timeStep(be, p, t);
                Tensor mask = stepMask(be, lengths, t, hs, p.dtype());
                Tensor hNext;
                switch (kind) {
                    case LSTM -> {
                        LstmStep s = be.lstmStep(pt, h, c, wHh, bHh);
                        hNext = s.h();
                        gates[t] = s.gates();
                        c = select(be, mask, s.c(), c);
                        extra[t] = c;
                    }
                    case GRU -> {
                        GruStep s = be.gruStep(pt, h, wHh, bHh);
                        hNext = s.h();
                        gates[t] = s.gates();
                        extra[t] = s.hiddenNew();
                    }
                    default -> hNext = be.rnnStep(kind, pt, h, wHh, bHh);
                }
                out[t] = mask == null ? hNext : be.mul(mask, hNext);
                h = select(be, mask, hNext, h);
                hidden[t] = h;
            }
            Tensor output = scope.keep(stack(be, out));
            Tensor hiddenAll = scope.keep(stack(be, hidden));
            List<Tensor> finalState = kind == CellKind.LSTM
                    ? List.of(scope.keep(be.add(h, be.scalar(0.0, h.dtype()))), scope.keep(be.add(c, be.scalar(0.0, c.dtype()))))
                    : List.of(scope.keep(be.add(h, be.scalar(0.0, h.dtype()))));
            List<Tensor> saved = switch (kind) {
                case LSTM -> List.of(scope.keep(stack(be, gates)), scope.keep(stack(be, extra)), hiddenAll);
                case GRU -> List.of(scope.keep(stack(be, gates)), scope.keep(stack(be, extra)), hiddenAll);
                default -> List.of(hiddenAll);
            };
            return new SequenceForward(output, finalState, saved);
        }
    }

    /**
     * The definition of {@link Backend#recurrentInference}: {@code P = X W_ih^T + b_ih} as one
     * product over the [T*B, I] rows, then {@link Backend#recurrentForward} on it; the saved
     * tensors are dropped.
     */
    public static SequenceForward sequenceInference(Backend be, CellKind kind, Tensor input, List<Tensor> initial,
                                                    Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh, int[] lengths,
                                                    boolean reverse) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("recurrentInference: input must be [T, B, I], got " + input.shape());
        }
        Shape x = input.shape();
        try (TensorScope scope = TensorScope.open()) {
            Tensor flat = be.reshape(input, Shape.of(x.dim(0) * x.dim(1), x.dim(2)));
            Tensor projected = be.linear(flat, wIh, bIh);
            Tensor p = be.reshape(projected, Shape.of(x.dim(0), x.dim(1), projected.shape().dim(1)));
            SequenceForward fwd = be.recurrentForward(kind, p, initial, wHh, bHh, lengths, reverse);
            List<Tensor> state = new java.util.ArrayList<>();
            for (Tensor s : fwd.finalState()) {
                state.add(scope.keep(s));
            }
            return new SequenceForward(scope.keep(fwd.output()), List.copyOf(state), List.of());
        }
    }

    public static SequenceGradient sequenceBackward(Backend be, CellKind kind, SequenceForward fwd,
                                                    List<Tensor> initial, Tensor wHh, Tensor dOutput,
                                                    List<Tensor> dFinal, int[] lengths, boolean reverse) {
        SequenceSizes sizes = SequenceChecks.backward(be, kind, fwd, initial, wHh, dOutput, dFinal, lengths);
        Tensor hiddenAll = fwd.saved().get(fwd.saved().size() - 1);
        int steps = sizes.steps();
        int hs = sizes.hidden();
        try (TensorScope scope = TensorScope.open()) {
            Tensor dh = dFinal.get(0);
            Tensor dc = kind == CellKind.LSTM ? dFinal.get(1) : null;
            Tensor dW = be.zeros(wHh.shape(), wHh.dtype());
            Tensor db = be.zeros(Shape.of(wHh.shape().dim(0)), wHh.dtype());
            Tensor[] dP = new Tensor[steps];
            for (int k = steps - 1; k >= 0; k--) {
                int t = reverse ? steps - 1 - k : k;
                int prev = reverse ? t + 1 : t - 1;
                boolean first = k == 0;
                Tensor hPrev = first ? initial.get(0) : timeStep(be, hiddenAll, prev);
                Tensor mask = stepMask(be, lengths, t, hs, dOutput.dtype());
                Tensor dhStep = be.add(dh, timeStep(be, dOutput, t));
                if (mask != null) {
                    dhStep = be.mul(mask, dhStep);
                }
                Tensor dRecurrent;
                Tensor dhPrev;
                switch (kind) {
                    case LSTM -> {
                        Tensor cPrev = first ? initial.get(1) : timeStep(be, fwd.saved().get(1), prev);
                        Tensor cNext = timeStep(be, fwd.saved().get(1), t);
                        Tensor dcStep = mask == null ? dc : be.mul(mask, dc);
                        if (mask != null) {
                            // at a masked step the saved cell state is the carried one; recompute the real step's
                            cNext = select(be, mask, cNext, cPrev);
                        }
                        LstmStepGradient g = be.lstmStepBackward(dhStep, dcStep, timeStep(be, fwd.saved().get(0), t),
                                cPrev, cNext, wHh);
                        dP[t] = g.dGates();
                        dRecurrent = g.dGates();
                        dhPrev = g.dh();
                        dc = mask == null ? g.dc() : be.add(g.dc(), be.sub(dc, dcStep));
                    }
                    case GRU -> {
                        GruStepGradient g = be.gruStepBackward(dhStep, timeStep(be, fwd.saved().get(0), t),
                                timeStep(be, fwd.saved().get(1), t), hPrev, wHh);
                        dP[t] = g.dInputGates();
                        dRecurrent = g.dHiddenGates();
                        dhPrev = g.dh();
                    }
                    default -> {
                        Tensor hNext = timeStep(be, hiddenAll, t);
                        RnnStepGradient g = be.rnnStepBackward(kind, dhStep, hNext, wHh);
                        dP[t] = g.dPre();
                        dRecurrent = g.dPre();
                        dhPrev = g.dh();
                    }
                }
                dW = be.add(dW, be.matmul(dRecurrent, true, hPrev, false));
                db = be.add(db, be.sum(dRecurrent, 0));
                dh = mask == null ? dhPrev : be.add(dhPrev, be.sub(dh, be.mul(mask, dh)));
            }
            Tensor dInput = scope.keep(stack(be, dP));
            List<Tensor> dInitial = kind == CellKind.LSTM
                    ? List.of(scope.keep(be.add(dh, be.scalar(0.0, dh.dtype()))), scope.keep(be.add(dc, be.scalar(0.0, dc.dtype()))))
                    : List.of(scope.keep(be.add(dh, be.scalar(0.0, dh.dtype()))));
            return new SequenceGradient(dInput, dInitial, scope.keep(dW), scope.keep(db));
        }
    }
}
