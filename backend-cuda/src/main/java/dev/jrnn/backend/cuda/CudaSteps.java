package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RnnStepGradient;

/**
 * The single-step fused ops of {@link CudaBackend}: one GEMM for the recurrent projection and one
 * gate kernel, with the equations of {@link dev.jrnn.api.fused.RecurrentDefaults}.
 */
final class CudaSteps {
    private final CudaBackend backend;

    CudaSteps(CudaBackend backend) {
        this.backend = backend;
    }

    /** LSTM step: {@code c' = f c + i g}, {@code h' = o tanh(c')} (see {@code Backend#lstmStep}). */
    LstmStep lstm(Tensor p, Tensor h, Tensor c, Tensor w, Tensor bias) {
        String op = "lstmStep";
        CudaTensor hPrev = Operands.matrix(backend, op, "h", h);
        DType dt = h.dtype();
        int b = h.shape().dim(0);
        int hs = h.shape().dim(1);
        CudaTensor proj = Operands.require(backend, op, "inputProjection", p, dt, Shape.of(b, 4 * hs));
        CudaTensor cPrev = Operands.require(backend, op, "c", c, dt, Shape.of(b, hs));
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(4 * hs, hs));
        CudaTensor bb = Operands.optional(backend, op, "recurrentBias", bias, dt, Shape.of(4 * hs));
        try (CudaTensor q = projection(hPrev, weight, 4)) {
            CudaTensor gates = backend.allocate(Shape.of(b, 4 * hs), dt);
            CudaTensor cNext = backend.allocate(Shape.of(b, hs), dt);
            CudaTensor hNext = backend.allocate(Shape.of(b, hs), dt);
            backend.launcher().launch(Kernel.LSTM_FORWARD, dt, (long) b * hs, b, hs, 0, null, proj.pointer(),
                    q.pointer(), ptr(bb), hPrev.pointer(), cPrev.pointer(), gates.pointer(), cNext.pointer(),
                    hNext.pointer(), null);
            return new LstmStep(hNext, cNext, gates);
        }
    }

    /** Backward of {@link #lstm}: {@code dh = dGates W_hh}, {@code dc = dcT f}. */
    LstmStepGradient lstmBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext, Tensor w) {
        String op = "lstmStepBackward";
        CudaTensor cPrev = Operands.matrix(backend, op, "c", c);
        DType dt = c.dtype();
        int b = c.shape().dim(0);
        int hs = c.shape().dim(1);
        Shape state = Shape.of(b, hs);
        CudaTensor dh = Operands.require(backend, op, "dhNext", dhNext, dt, state);
        CudaTensor dc = Operands.require(backend, op, "dcNext", dcNext, dt, state);
        CudaTensor g = Operands.require(backend, op, "gates", gates, dt, Shape.of(b, 4 * hs));
        CudaTensor cn = Operands.require(backend, op, "cNext", cNext, dt, state);
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(4 * hs, hs));
        CudaTensor dGates = backend.allocate(Shape.of(b, 4 * hs), dt);
        CudaTensor dcPrev = backend.allocate(state, dt);
        backend.launcher().launch(Kernel.LSTM_BACKWARD, dt, (long) b * hs, b, hs, 0, null, dh.pointer(), null,
                dc.pointer(), g.pointer(), cPrev.pointer(), cn.pointer(), dGates.pointer(), null, dcPrev.pointer());
        CudaTensor dhPrev = backend.allocate(state, dt);
        backend.launcher().gemm(dt, false, false, b, hs, 4 * hs, 1.0, dGates.pointer(), 4 * hs, weight.pointer(), hs,
                0.0, dhPrev.pointer(), hs);
        return new LstmStepGradient(dGates, dhPrev, dcPrev);
    }

    /** GRU step: {@code n = tanh(P_n + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}. */
    GruStep gru(Tensor p, Tensor h, Tensor w, Tensor bias) {
        String op = "gruStep";
        CudaTensor hPrev = Operands.matrix(backend, op, "h", h);
        DType dt = h.dtype();
        int b = h.shape().dim(0);
        int hs = h.shape().dim(1);
        CudaTensor proj = Operands.require(backend, op, "inputProjection", p, dt, Shape.of(b, 3 * hs));
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(3 * hs, hs));
        CudaTensor bb = Operands.optional(backend, op, "recurrentBias", bias, dt, Shape.of(3 * hs));
        try (CudaTensor q = projection(hPrev, weight, 3)) {
            CudaTensor gates = backend.allocate(Shape.of(b, 3 * hs), dt);
            CudaTensor hiddenNew = backend.allocate(Shape.of(b, hs), dt);
            CudaTensor hNext = backend.allocate(Shape.of(b, hs), dt);
            backend.launcher().launch(Kernel.GRU_FORWARD, dt, (long) b * hs, b, hs, 0, null, proj.pointer(),
                    q.pointer(), ptr(bb), hPrev.pointer(), gates.pointer(), hiddenNew.pointer(), hNext.pointer(), null);
            return new GruStep(hNext, gates, hiddenNew);
        }
    }

    /** Backward of {@link #gru}: {@code dh = dh' z + dHidden W_hh}. */
    GruStepGradient gruBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h, Tensor w) {
        String op = "gruStepBackward";
        CudaTensor hPrev = Operands.matrix(backend, op, "h", h);
        DType dt = h.dtype();
        int b = h.shape().dim(0);
        int hs = h.shape().dim(1);
        Shape state = Shape.of(b, hs);
        CudaTensor dh = Operands.require(backend, op, "dhNext", dhNext, dt, state);
        CudaTensor g = Operands.require(backend, op, "gates", gates, dt, Shape.of(b, 3 * hs));
        CudaTensor hn = Operands.require(backend, op, "hiddenNew", hiddenNew, dt, state);
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(3 * hs, hs));
        CudaTensor dInput = backend.allocate(Shape.of(b, 3 * hs), dt);
        CudaTensor dHidden = backend.allocate(Shape.of(b, 3 * hs), dt);
        CudaTensor dhPrev = backend.allocate(state, dt);
        backend.launcher().launch(Kernel.GRU_BACKWARD, dt, (long) b * hs, b, hs, 0, null, dh.pointer(), null,
                g.pointer(), hn.pointer(), hPrev.pointer(), dInput.pointer(), dHidden.pointer(), dhPrev.pointer());
        backend.launcher().gemm(dt, false, false, b, hs, 3 * hs, 1.0, dHidden.pointer(), 3 * hs, weight.pointer(), hs,
                1.0, dhPrev.pointer(), hs);
        return new GruStepGradient(dInput, dHidden, dhPrev);
    }

    /** Elman step {@code h' = f(P + h W_hh^T + b_hh)}, f relu for {@link CellKind#RNN_RELU}, else tanh. */
    Tensor rnn(CellKind kind, Tensor p, Tensor h, Tensor w, Tensor bias) {
        String op = "rnnStep";
        boolean relu = Operands.relu(op, kind);
        CudaTensor hPrev = Operands.matrix(backend, op, "h", h);
        DType dt = h.dtype();
        int b = h.shape().dim(0);
        int hs = h.shape().dim(1);
        CudaTensor proj = Operands.require(backend, op, "inputProjection", p, dt, Shape.of(b, hs));
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(hs, hs));
        CudaTensor bb = Operands.optional(backend, op, "recurrentBias", bias, dt, Shape.of(hs));
        try (CudaTensor q = projection(hPrev, weight, 1)) {
            CudaTensor hNext = backend.allocate(Shape.of(b, hs), dt);
            backend.launcher().launch(Kernel.RNN_FORWARD, dt, (long) b * hs, b, hs, 0, null, relu, proj.pointer(),
                    q.pointer(), ptr(bb), hPrev.pointer(), hNext.pointer(), null);
            return hNext;
        }
    }

    /** Backward of {@link #rnn}: {@code dPre = dh f'(h')}, {@code dh = dPre W_hh}. */
    RnnStepGradient rnnBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor w) {
        String op = "rnnStepBackward";
        boolean relu = Operands.relu(op, kind);
        CudaTensor y = Operands.matrix(backend, op, "hNext", hNext);
        DType dt = y.dtype();
        int b = y.shape().dim(0);
        int hs = y.shape().dim(1);
        CudaTensor dh = Operands.require(backend, op, "dhNext", dhNext, dt, y.shape());
        CudaTensor weight = Operands.require(backend, op, "recurrentWeight", w, dt, Shape.of(hs, hs));
        CudaTensor dPre = backend.allocate(y.shape(), dt);
        backend.launcher().launch(Kernel.RNN_BACKWARD, dt, (long) b * hs, b, hs, 0, null, relu, dh.pointer(), null,
                y.pointer(), dPre.pointer(), null);
        CudaTensor dhPrev = backend.allocate(y.shape(), dt);
        backend.launcher().gemm(dt, false, false, b, hs, hs, 1.0, dPre.pointer(), hs, weight.pointer(), hs, 0.0,
                dhPrev.pointer(), hs);
        return new RnnStepGradient(dPre, dhPrev);
    }

    /** {@code q = h W_hh^T} [B, G*H], a scratch tensor the caller closes. */
    private CudaTensor projection(CudaTensor h, CudaTensor weight, int gates) {
        int b = h.shape().dim(0);
        int hs = h.shape().dim(1);
        CudaTensor q = backend.allocate(Shape.of(b, gates * hs), h.dtype());
        backend.launcher().gemm(h.dtype(), false, true, b, gates * hs, hs, 1.0, h.pointer(), hs, weight.pointer(), hs,
                0.0, q.pointer(), gates * hs);
        return q;
    }

    static Object ptr(CudaTensor t) {
        return t == null ? null : t.pointer();
    }
}
