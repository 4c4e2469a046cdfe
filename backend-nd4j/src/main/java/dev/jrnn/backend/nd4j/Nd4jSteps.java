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
 * the cell's {@link Nd4jGates} kernel on Java copies of the operands. Tensors with no elements
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
        int inputs = x.shape().dim(1);
        // the GEMM overwrites y (beta 0) unless it adds to the bias rows written first
        INDArray y = bias == null && inputs == 0 ? Nd4jArrays.zeros(out, x.dtype())
                : Nd4jArrays.uninitialized(out, x.dtype());
        if (bias != null) {
            Object row = read(array(bias));
            Buf yb = Buf.of(y);
            for (int r = 0; r < out.dim(0); r++) {
                yb.put(r * out.dim(1), row, 0, out.dim(1));
            }
        }
        if (inputs > 0) {
            Gemm gemm = be.gemm(y.dataType());
            INDArray a = array(x);
            INDArray w = array(weight);
            gemm.run(false, true, out.dim(0), out.dim(1), inputs, 1.0, gemm.pointer(a), 0, inputs, gemm.pointer(w), 0,
                    inputs, bias == null ? 0.0 : 1.0, gemm.pointer(y), 0, out.dim(1));
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
        Object z = read(gates);
        Object hNext = Buf.of(gates).scratch(h.size());
        Object cNext = Buf.of(gates).scratch(h.size());
        be.gates().lstmForward(0, batch, hs, z, read(array(p)), bias(b), read(array(c)), cNext, hNext);
        write(gates, z);
        return new LstmStep(wrap(fresh(hNext, h), h), wrap(fresh(cNext, h), h), wrap(gates, p));
    }

    LstmStepGradient lstmBackward(Tensor dh, Tensor dc, Tensor gates, Tensor c, Tensor cNext, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "lstmStepBackward", CellKind.LSTM, gates, w, dh, dc, c, cNext);
        if (gates.size() == 0 || c.size() == 0) {
            return RecurrentDefaults.lstmStepBackward(be, dh, dc, gates, c, cNext, w);
        }
        int batch = c.shape().dim(0);
        int hs = c.shape().dim(1);
        Object dGates = Buf.of(array(gates)).scratch(gates.size());
        Object dcPrev = Buf.of(array(c)).scratch(c.size());
        be.gates().lstmBackward(0, batch, hs, read(array(dh)), null, read(array(dc)), read(array(gates)), read(array(c)),
                read(array(cNext)), dGates, dcPrev);
        INDArray dG = fresh(dGates, gates);
        INDArray dhPrev = backProject(dG, w, c);
        return new LstmStepGradient(wrap(dG, gates), wrap(dhPrev, c), wrap(fresh(dcPrev, c), c));
    }

    GruStep gru(Tensor p, Tensor h, Tensor w, Tensor b) {
        Nd4jSeqChecks.step(be, "gruStep", CellKind.GRU, p, h, null, w, b);
        if (p.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.gruStep(be, p, h, w, b);
        }
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray gates = project(h, w, 3);
        Object q = read(gates);
        Object hn = Buf.of(gates).scratch(h.size());
        Object hNext = Buf.of(gates).scratch(h.size());
        be.gates().gruForward(0, batch, hs, read(array(p)), q, bias(b), read(array(h)), hn, hNext);
        write(gates, q);
        return new GruStep(wrap(fresh(hNext, h), h), wrap(gates, p), wrap(fresh(hn, h), h));
    }

    GruStepGradient gruBackward(Tensor dh, Tensor gates, Tensor hn, Tensor h, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "gruStepBackward", CellKind.GRU, gates, w, dh, hn, h);
        if (gates.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.gruStepBackward(be, dh, gates, hn, h, w);
        }
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        Buf like = Buf.of(array(gates));
        Object dIn = like.scratch(gates.size());
        Object dHid = like.scratch(gates.size());
        Object dhz = like.scratch(h.size());
        be.gates().gruBackward(0, batch, hs, read(array(dh)), null, read(array(gates)), read(array(hn)), read(array(h)),
                dIn, dHid, dhz);
        INDArray dHidden = fresh(dHid, gates);
        // dh_prev = dHid W_hh + dh z: the GEMM adds onto the direct part
        INDArray dhPrev = fresh(dhz, h);
        Gemm gemm = be.gemm(dhPrev.dataType());
        gemm.run(false, false, batch, hs, 3 * hs, 1.0, gemm.pointer(dHidden), 0, 3 * hs, gemm.pointer(array(w)), 0, hs,
                1.0, gemm.pointer(dhPrev), 0, hs);
        return new GruStepGradient(wrap(fresh(dIn, gates), gates), wrap(dHidden, gates), wrap(dhPrev, h));
    }

    Tensor rnn(CellKind kind, Tensor p, Tensor h, Tensor w, Tensor b) {
        Nd4jSeqChecks.step(be, "rnnStep", Nd4jSeqChecks.elman(kind), p, h, null, w, b);
        if (p.size() == 0 || h.size() == 0) {
            return RecurrentDefaults.rnnStep(be, kind, p, h, w, b);
        }
        INDArray hNext = project(h, w, 1);
        Object z = read(hNext);
        be.gates().rnnForward(0, h.shape().dim(0), h.shape().dim(1), kind == CellKind.RNN_RELU, z, read(array(p)), bias(b),
                z);
        write(hNext, z);
        return wrap(hNext, h);
    }

    RnnStepGradient rnnBackward(CellKind kind, Tensor dh, Tensor hNext, Tensor w) {
        Nd4jSeqChecks.stepBackward(be, "rnnStepBackward", Nd4jSeqChecks.elman(kind), dh, w, hNext);
        if (dh.size() == 0) {
            return RecurrentDefaults.rnnStepBackward(be, kind, dh, hNext, w);
        }
        Object dPre = read(array(dh));
        be.gates().rnnBackward(0, dh.shape().dim(0), dh.shape().dim(1), kind == CellKind.RNN_RELU, dPre, null,
                read(array(hNext)), dPre);
        INDArray d = fresh(dPre, dh);
        return new RnnStepGradient(wrap(d, dh), wrap(backProject(d, w, dh), dh));
    }

    /** All elements of the packed array {@code a} in a new scratch array. */
    private static Object read(INDArray a) {
        Buf buf = Buf.of(a);
        int n = Math.toIntExact(a.length());
        Object out = buf.scratch(n);
        buf.get(0, out, 0, n);
        return out;
    }

    /** Writes the scratch array {@code src} over all elements of {@code a}. */
    private static void write(INDArray a, Object src) {
        Buf.of(a).put(0, src, 0, Math.toIntExact(a.length()));
    }

    /** A new array shaped like {@code like} holding the scratch array {@code src}. */
    private static INDArray fresh(Object src, Tensor like) {
        INDArray out = Nd4jArrays.uninitialized(like.shape(), like.dtype());
        write(out, src);
        return out;
    }

    /** {@code h W_hh^T} [B, G*H] in a fresh array. */
    private INDArray project(Tensor h, Tensor w, int gates) {
        int batch = h.shape().dim(0);
        int hs = h.shape().dim(1);
        INDArray out = Nd4jArrays.zeros(Shape.of(batch, gates * hs), h.dtype());
        Gemm gemm = be.gemm(out.dataType());
        gemm.run(false, true, batch, gates * hs, hs, 1.0, gemm.pointer(array(h)), 0, hs, gemm.pointer(array(w)), 0, hs,
                0.0, gemm.pointer(out), 0, gates * hs);
        return out;
    }

    /** {@code dG W_hh} [B, H] in a fresh array shaped like {@code like}. */
    private INDArray backProject(INDArray dGates, Tensor w, Tensor like) {
        INDArray out = zeros(like);
        be.gemm(out.dataType()).matmul(dGates, false, array(w), false, out);
        return out;
    }

    private static Object bias(Tensor b) {
        return b == null ? null : read(array(b));
    }

    private static INDArray zeros(Tensor like) {
        return Nd4jArrays.zeros(like.shape(), like.dtype());
    }

    private Tensor wrap(INDArray a, Tensor like) {
        DType dtype = like.dtype();
        return be.wrap(a, Shape.of((int) a.size(0), (int) a.size(1)), dtype);
    }
}
