package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RnnStepGradient;
import org.ejml.data.ReshapeMatrix;

/**
 * The fused linear layer and single recurrent steps: one GEMM into the result's storage, then one
 * loop of {@link Kernels} gate math over the [B, G*H] block, with no intermediate tensors.
 */
final class FusedSteps {
    /** Rows from which a product by W^T transposes W once instead (see {@link Kernels#transposed}). */
    static final int TRANSPOSE_ROWS = 16;
    private final EjmlBackend be;

    FusedSteps(EjmlBackend be) {
        this.be = be;
    }

    /** {@code y = x W^T + b}: x [N, I], W [O, I], b [O] or null. */
    Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Checks.owned(be, "linear", "x", x);
        // any shape here: Checks.matmul checks it against x
        Checks.operand(be, "linear", "weight", weight, x.dtype(), weight.shape());
        Shape out = Checks.matmul(x, false, weight, true);
        Checks.optional(be, "linear", "bias", bias, x.dtype(), Shape.of(out.dim(1)));
        EjmlTensor y = EjmlTensor.zeros(be, out, x.dtype());
        Kernels k = be.kernels(x.dtype());
        if (out.dim(0) >= TRANSPOSE_ROWS) {
            k.gemm(ejml(x).matrix(), false, be.transposed(weight), false, y.matrix(), false);
        } else {
            k.gemm(ejml(x).matrix(), false, ejml(weight).matrix(), true, y.matrix(), false);
        }
        if (bias != null) {
            k.addRowVector(y.data(), ejml(bias).data(), out.dim(0), out.dim(1));
        }
        return y;
    }

    LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
        int[] bh = state("lstmStep", "h", h);
        int batch = bh[0];
        int hs = bh[1];
        DType dt = h.dtype();
        Checks.operand(be, "lstmStep", "c", c, dt, Shape.of(batch, hs));
        EjmlTensor gates = projection("lstmStep", p, h, wHh, bHh, 4);
        EjmlTensor hNext = EjmlTensor.zeros(be, Shape.of(batch, hs), dt);
        EjmlTensor cNext = EjmlTensor.zeros(be, Shape.of(batch, hs), dt);
        be.kernels(dt).lstmForward(gates.data(), ejml(c).data(), 0, gates.data(), 0, cNext.data(), 0, hNext.data(), 0,
                batch, hs);
        return new LstmStep(hNext, cNext, gates);
    }

    LstmStepGradient lstmStepBackward(Tensor dh, Tensor dc, Tensor gates, Tensor c, Tensor cNext, Tensor wHh) {
        int[] bh = state("lstmStepBackward", "c", c);
        Shape state = c.shape();
        DType dt = c.dtype();
        Checks.operand(be, "lstmStepBackward", "dhNext", dh, dt, state);
        Checks.operand(be, "lstmStepBackward", "dcNext", dc, dt, state);
        Checks.operand(be, "lstmStepBackward", "cNext", cNext, dt, state);
        Checks.operand(be, "lstmStepBackward", "gates", gates, dt, Shape.of(bh[0], 4 * bh[1]));
        Checks.operand(be, "lstmStepBackward", "recurrentWeight", wHh, dt, Shape.of(4 * bh[1], bh[1]));
        EjmlTensor dGates = EjmlTensor.zeros(be, gates.shape(), dt);
        EjmlTensor dcPrev = EjmlTensor.zeros(be, state, dt);
        Kernels k = be.kernels(dt);
        k.lstmBackward(ejml(dh).data(), ejml(dc).data(), ejml(gates).data(), 0, ejml(c).data(), 0, ejml(cNext).data(),
                0, dGates.data(), dcPrev.data(), bh[0], bh[1]);
        EjmlTensor dhPrev = EjmlTensor.zeros(be, state, dt);
        k.gemm(dGates.matrix(), false, ejml(wHh).matrix(), false, dhPrev.matrix(), false);
        return new LstmStepGradient(dGates, dhPrev, dcPrev);
    }

    GruStep gruStep(Tensor p, Tensor h, Tensor wHh, Tensor bHh) {
        int[] bh = state("gruStep", "h", h);
        int batch = bh[0];
        int hs = bh[1];
        DType dt = h.dtype();
        Checks.operand(be, "gruStep", "inputProjection", p, dt, Shape.of(batch, 3 * hs));
        Checks.operand(be, "gruStep", "recurrentWeight", wHh, dt, Shape.of(3 * hs, hs));
        Checks.optional(be, "gruStep", "recurrentBias", bHh, dt, Shape.of(3 * hs));
        Kernels k = be.kernels(dt);
        ReshapeMatrix q = k.matrix(batch, 3 * hs);
        k.gemm(ejml(h).matrix(), false, ejml(wHh).matrix(), true, q, false);
        if (bHh != null) {
            k.addRowVector(k.data(q), ejml(bHh).data(), batch, 3 * hs);
        }
        EjmlTensor gates = EjmlTensor.zeros(be, p.shape(), dt);
        EjmlTensor hn = EjmlTensor.zeros(be, h.shape(), dt);
        EjmlTensor hNext = EjmlTensor.zeros(be, h.shape(), dt);
        k.gruForward(ejml(p).data(), 0, k.data(q), ejml(h).data(), gates.data(), 0, hn.data(), 0, hNext.data(), 0,
                batch, hs);
        return new GruStep(hNext, gates, hn);
    }

    GruStepGradient gruStepBackward(Tensor dh, Tensor gates, Tensor hn, Tensor h, Tensor wHh) {
        int[] bh = state("gruStepBackward", "h", h);
        DType dt = h.dtype();
        Shape gateShape = Shape.of(bh[0], 3 * bh[1]);
        Checks.operand(be, "gruStepBackward", "dhNext", dh, dt, h.shape());
        Checks.operand(be, "gruStepBackward", "gates", gates, dt, gateShape);
        Checks.operand(be, "gruStepBackward", "hiddenNew", hn, dt, h.shape());
        Checks.operand(be, "gruStepBackward", "recurrentWeight", wHh, dt, Shape.of(3 * bh[1], bh[1]));
        EjmlTensor dInput = EjmlTensor.zeros(be, gateShape, dt);
        EjmlTensor dHidden = EjmlTensor.zeros(be, gateShape, dt);
        EjmlTensor dhPrev = EjmlTensor.zeros(be, h.shape(), dt);
        Kernels k = be.kernels(dt);
        k.gruBackward(ejml(dh).data(), ejml(gates).data(), 0, ejml(hn).data(), 0, ejml(h).data(), 0, dInput.data(), 0,
                dHidden.data(), dhPrev.data(), bh[0], bh[1]);
        k.gemm(dHidden.matrix(), false, ejml(wHh).matrix(), false, dhPrev.matrix(), true);
        return new GruStepGradient(dInput, dHidden, dhPrev);
    }

    Tensor rnnStep(CellKind kind, Tensor p, Tensor h, Tensor wHh, Tensor bHh) {
        int[] bh = state("rnnStep", "h", h);
        EjmlTensor out = projection("rnnStep", p, h, wHh, bHh, 1);
        be.kernels(h.dtype()).rnnForward(kind == CellKind.RNN_RELU, out.data(), out.data(), 0, bh[0] * bh[1]);
        return out;
    }

    RnnStepGradient rnnStepBackward(CellKind kind, Tensor dh, Tensor hNext, Tensor wHh) {
        int[] bh = state("rnnStepBackward", "hNext", hNext);
        DType dt = hNext.dtype();
        Checks.operand(be, "rnnStepBackward", "dhNext", dh, dt, hNext.shape());
        Checks.operand(be, "rnnStepBackward", "recurrentWeight", wHh, dt, Shape.of(bh[1], bh[1]));
        EjmlTensor dPre = EjmlTensor.zeros(be, hNext.shape(), dt);
        Kernels k = be.kernels(dt);
        k.rnnBackward(kind == CellKind.RNN_RELU, ejml(dh).data(), ejml(hNext).data(), 0, dPre.data(), bh[0] * bh[1]);
        EjmlTensor dhPrev = EjmlTensor.zeros(be, hNext.shape(), dt);
        k.gemm(dPre.matrix(), false, ejml(wHh).matrix(), false, dhPrev.matrix(), false);
        return new RnnStepGradient(dPre, dhPrev);
    }

    /** A new tensor {@code P + h W^T + b} [B, G*H], the pre-activation of an LSTM or Elman step. */
    private EjmlTensor projection(String op, Tensor p, Tensor h, Tensor wHh, Tensor bHh, int gates) {
        int batch = h.shape().dim(0);
        int gh = gates * h.shape().dim(1);
        DType dt = h.dtype();
        Checks.operand(be, op, "inputProjection", p, dt, Shape.of(batch, gh));
        Checks.operand(be, op, "recurrentWeight", wHh, dt, Shape.of(gh, h.shape().dim(1)));
        Checks.optional(be, op, "recurrentBias", bHh, dt, Shape.of(gh));
        EjmlTensor z = EjmlTensor.zeros(be, p.shape(), dt);
        System.arraycopy(ejml(p).data(), 0, z.data(), 0, batch * gh);
        Kernels k = be.kernels(dt);
        if (bHh != null) {
            k.addRowVector(z.data(), ejml(bHh).data(), batch, gh);
        }
        k.gemm(ejml(h).matrix(), false, ejml(wHh).matrix(), true, z.matrix(), true);
        return z;
    }

    /** Checks a [B, H] state tensor; returns {B, H}. */
    private int[] state(String op, String operand, Tensor t) {
        Checks.owned(be, op, operand, t);
        if (t.rank() != 2) {
            throw new IllegalArgumentException(op + ": " + operand + " has shape " + t.shape()
                    + ", expected [batch, hidden]");
        }
        return t.shape().dims();
    }
}
