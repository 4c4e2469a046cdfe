package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused single-step ops and {@code linear}: one GEMM into a fresh result, then one pass of
 * the cell's {@link LstmKernel}, {@link GruKernel} or {@link RnnKernel}. Tensors with no elements
 * go to {@link RecurrentDefaults}.
 */
final class Nd4jSteps {
    private final Nd4jBackend be;

    Nd4jSteps(Nd4jBackend be) {
        this.be = be;
    }

    /** {@code y = x W^T + b}: the bias copied into every row, then one GEMM with beta = 1. */
    Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Nd4jSeqChecks.operands(be, "linear", "x", x, "weight", weight, "bias", bias);
        Shape out = Checks.matmul(x, false, weight, true);
        if (bias != null) {
            Checks.shape("linear", "bias", bias, Shape.of(out.dim(1)));
        }
        if (out.size() == 0) {
            return be.wrap(null, out, x.dtype());
        }
        INDArray y = Nd4jArrays.zeros(out, x.dtype());
        if (bias != null) {
            Buf.of(y).fillRows(out.dim(0), Buf.of(array(bias)), out.dim(1));
        }
        if (x.shape().dim(1) > 0) {
            Gemm gemm = Gemm.of(y.dataType());
            INDArray a = array(x);
            INDArray w = array(weight);
            gemm.run(false, true, out.dim(0), out.dim(1), x.shape().dim(1), 1.0, gemm.pointer(a), 0, x.shape().dim(1),
                    gemm.pointer(w), 0, x.shape().dim(1), 1.0, gemm.pointer(y), 0, out.dim(1));
        }
        return be.wrap(y, out, x.dtype());
    }

    LstmStep lstm(Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
        Nd4jSeqChecks.step(be, "lstmStep", CellKind.LSTM, p, h, c, w, b);
        if (p.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.lstmStep(be, p, h, c, w, b);
        }
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray gates = project(h, w, 4);
        INDArray hNext = zeros(h);
        INDArray cNext = zeros(h);
        LstmKernel.forward(batch, hs, Buf.of(gates), 0, Buf.of(array(p)), 0, bias(b), Buf.of(array(h)), 0,
                Buf.of(array(c)), 0, Buf.of(hNext), 0, Buf.of(cNext), 0, null, 0, null);
        return new LstmStep(wrap(hNext, h), wrap(cNext, h), wrap(gates, p));
    }

    LstmStepGradient lstmBackward(Tensor dh, Tensor dc, Tensor gates, Tensor c, Tensor cNext, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "lstmStepBackward", CellKind.LSTM, gates, w, dh, dc, c, cNext);
        if (gates.size() == 0 || c.size() == 0) {
            return RecurrentDefaults.lstmStepBackward(be, dh, dc, gates, c, cNext, w);
        }
        int batch = c.shape().dim(0);
        int hs = c.shape().dim(1);
        INDArray dGates = zeros(gates);
        INDArray dcPrev = zeros(c);
        LstmKernel.backward(batch, hs, Buf.of(array(dh)), 0, null, 0, Buf.of(array(dc)), 0, Buf.of(dcPrev), 0,
                Buf.of(array(gates)), 0, Buf.of(array(c)), 0, Buf.of(array(cNext)), 0, Buf.of(dGates), 0, null);
        INDArray dhPrev = backProject(dGates, w, c);
        return new LstmStepGradient(wrap(dGates, gates), wrap(dhPrev, c), wrap(dcPrev, c));
    }

    GruStep gru(Tensor p, Tensor h, Tensor w, Tensor b) {
        Nd4jSeqChecks.step(be, "gruStep", CellKind.GRU, p, h, null, w, b);
        if (p.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.gruStep(be, p, h, w, b);
        }
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray gates = project(h, w, 3);
        INDArray hn = zeros(h);
        INDArray hNext = zeros(h);
        GruKernel.forward(batch, hs, Buf.of(gates), 0, Buf.of(array(p)), 0, bias(b), Buf.of(array(h)), 0,
                Buf.of(hn), 0, Buf.of(hNext), 0, null, 0, null);
        return new GruStep(wrap(hNext, h), wrap(gates, p), wrap(hn, h));
    }

    GruStepGradient gruBackward(Tensor dh, Tensor gates, Tensor hn, Tensor h, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "gruStepBackward", CellKind.GRU, gates, w, dh, hn, h);
        if (gates.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.gruStepBackward(be, dh, gates, hn, h, w);
        }
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray dIn = zeros(gates);
        INDArray dHid = zeros(gates);
        Buf dhBuf = Buf.of(array(dh));
        Buf gateBuf = Buf.of(array(gates));
        GruKernel.backward(batch, hs, dhBuf, 0, null, 0, gateBuf, 0, Buf.of(array(hn)), 0, Buf.of(array(h)), 0,
                Buf.of(dIn), 0, Buf.of(dHid), 0, null);
        INDArray dhPrev = backProject(dHid, w, h);
        GruKernel.finish(batch, hs, Buf.of(dhPrev), 0, dhBuf, 0, null, 0, gateBuf, 0, null);
        return new GruStepGradient(wrap(dIn, gates), wrap(dHid, gates), wrap(dhPrev, h));
    }

    Tensor rnn(CellKind kind, Tensor p, Tensor h, Tensor w, Tensor b) {
        Nd4jSeqChecks.step(be, "rnnStep", Nd4jSeqChecks.elman(kind), p, h, null, w, b);
        if (p.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.rnnStep(be, kind, p, h, w, b);
        }
        INDArray hNext = project(h, w, 1);
        RnnKernel.forward(h.shape().dim(0), h.shape().dim(1), kind == CellKind.RNN_RELU, Buf.of(hNext), 0,
                Buf.of(array(p)), 0, bias(b), Buf.of(array(h)), 0, null, 0, null);
        return wrap(hNext, h);
    }

    RnnStepGradient rnnBackward(CellKind kind, Tensor dh, Tensor hNext, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "rnnStepBackward", Nd4jSeqChecks.elman(kind), dh, w, hNext);
        if (dh.size() == 0) {
            return RecurrentDefaults.rnnStepBackward(be, kind, dh, hNext, w);
        }
        INDArray dPre = zeros(dh);
        RnnKernel.backward(dh.shape().dim(0), dh.shape().dim(1), kind == CellKind.RNN_RELU, Buf.of(array(dh)), 0, null,
                0, Buf.of(array(hNext)), 0, Buf.of(dPre), 0, null);
        return new RnnStepGradient(wrap(dPre, dh), wrap(backProject(dPre, w, dh), dh));
    }

    /** {@code h W_hh^T} [B, G*H] in a fresh array. */
    private INDArray project(Tensor h, Tensor w, int gates) {
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray out = Nd4jArrays.zeros(Shape.of(batch, gates * hs), h.dtype());
        Gemm gemm = Gemm.of(out.dataType());
        gemm.run(false, true, batch, gates * hs, hs, 1.0, gemm.pointer(array(h)), 0, hs, gemm.pointer(array(w)), 0, hs,
                0.0, gemm.pointer(out), 0, gates * hs);
        return out;
    }

    /** {@code dG W_hh} [B, H] in a fresh array shaped like {@code like}. */
    private INDArray backProject(INDArray dGates, Tensor w, Tensor like) {
        INDArray out = zeros(like);
        Gemm.of(out.dataType()).matmul(dGates, false, array(w), false, out);
        return out;
    }

    private static Buf bias(Tensor b) {
        return b == null ? null : Buf.of(array(b));
    }

    private static INDArray zeros(Tensor like) {
        return Nd4jArrays.zeros(like.shape(), like.dtype());
    }

    private Tensor wrap(INDArray a, Tensor like) {
        DType dtype = like.dtype();
        return be.wrap(a, Shape.of((int) a.size(0), (int) a.size(1)), dtype);
    }
}
