package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceSizes;
import dev.jrnn.kernels.LstmSequenceInference;
import dev.jrnn.kernels.OneRowLstmInference;
import java.util.List;
import org.ejml.data.FMatrixRMaj;

/**
 * One FLOAT32 LSTM direction over full-length sequences for inference, from the layer's input
 * ({@link dev.jrnn.api.backend.Backend#recurrentInference}). Each step is one product of the step's
 * input and the previous state, side by side, by both weights stacked and packed once
 * ({@link StackedWeights}), followed by the gate math on that product while it is in the L1 cache:
 *
 * <pre>
 * a = [x_t, h_{t-1}] [W_ih^T; W_hh^T] + (b_ih + b_hh)     [B, I + H] x [I + H, 4H], the biases added by the gate math
 * i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of a
 * c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * </pre>
 *
 * <p>So no [T, B, 4H] projection is written and read back, no bias is added in a pass of its own,
 * and nothing is saved for a backward pass (the training kernel writes the activated gates, cell
 * and hidden states of every step). As in {@link SequenceForwardKernel}, a large sequence runs in
 * one block of batch rows per core, each block through every step on one thread. The loop over the
 * steps is {@code cpu-kernels}' {@link LstmSequenceInference}, shared with the ND4J backend; here its
 * products run on this backend's GEMM, which splits a step's product when the sequence is one block. The numbers equal
 * the projection followed by {@link SequenceForwardKernel} within float rounding: the products are
 * summed in another order.
 *
 * <p>A single batch row (serving one series) runs on {@link OneRowLstmInference} instead: there each
 * step's one-row product streams its whole right operand from the L2 cache, so the input's part is
 * done once for all steps (a [T, 4H] projection with the biases, by the packed {@code W_ih^T}) and
 * each step streams {@code W_hh^T} alone; unlike {@link OneRowLstm}, which serves training, it writes
 * neither the activated gates nor the states of every step.
 *
 * <p>Taken only where it pays and is defined: an LSTM, FLOAT32, where the Vector API kernels are
 * loaded (each product still picks its kernel by size, {@link Gemm#vector}) and every sequence of
 * full length; the rest is declined and the layer runs its projection and {@code recurrentForward}.
 */
final class SequenceInferenceKernel extends SequenceKernel {
    private static final String OP = "recurrentInference";

    private final Tensor input;
    private final Tensor h0;
    private final Tensor c0;
    private final Tensor wIh;
    private final Tensor wHh;
    /** The stacked weights; made on first use, since one row runs without them. */
    private PackedWeight weights;
    private final float[] bias;
    private final int inputs;
    private final boolean reverse;

    private SequenceInferenceKernel(EjmlBackend be, Tensor input, List<Tensor> initial, Tensor wIh, Tensor bIh,
                                    Tensor wHh, Tensor bHh, boolean reverse) {
        super(be, CellKind.LSTM, sizes(be, input, initial, wIh, bIh, wHh, bHh), wHh, null);
        this.input = input;
        this.h0 = initial.get(0);
        this.c0 = initial.get(1);
        this.inputs = input.shape().dim(2);
        this.wIh = wIh;
        this.wHh = wHh;
        this.bias = biasSum(bIh, bHh, gateWidth);
        this.reverse = reverse;
    }

    /**
     * Whether this kernel takes a call (see the class comment); a call it declines goes to the
     * composed path, which checks its operands.
     */
    static boolean takes(EjmlBackend be, CellKind kind, Tensor input, Tensor wHh, int[] lengths) {
        if (kind != CellKind.LSTM || input == null || wHh == null || input.rank() != 3 || wHh.rank() != 2
                || input.dtype() != DType.FLOAT32 || input.size() == 0 || wHh.size() == 0) {
            return false;
        }
        int steps = input.shape().dim(0);
        if (be.kernels(DType.FLOAT32).gemm.ops() == null) {
            return false;
        }
        if (lengths != null) {
            for (int length : lengths) {
                if (length != steps) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Runs a call {@link #takes} accepted: the output [T, B, H] and final states (h_T, c_T); nothing saved. */
    static SequenceForward run(EjmlBackend be, Tensor input, List<Tensor> initial, Tensor wIh, Tensor bIh, Tensor wHh,
                               Tensor bHh, boolean reverse) {
        return new SequenceInferenceKernel(be, input, initial, wIh, bIh, wHh, bHh, reverse).run();
    }

    /**
     * Every operand an open FLOAT32 tensor of this backend of its exact shape, as the composed path
     * demands: input [T, B, I], weights [4H, I] and [4H, H], biases [4H] or null, states [B, H].
     */
    private static SequenceSizes sizes(EjmlBackend be, Tensor x, List<Tensor> initial, Tensor wIh,
                                       Tensor bIh, Tensor wHh, Tensor bHh) {
        Checks.owned(be, OP, "input", x);
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        int hidden = wHh.shape().dim(1);
        int rows = 4 * hidden;
        Checks.operand(be, OP, "inputWeight", wIh, DType.FLOAT32, Shape.of(rows, x.shape().dim(2)));
        Checks.optional(be, OP, "inputBias", bIh, DType.FLOAT32, Shape.of(rows));
        Checks.operand(be, OP, "recurrentWeight", wHh, DType.FLOAT32, Shape.of(rows, hidden));
        Checks.optional(be, OP, "recurrentBias", bHh, DType.FLOAT32, Shape.of(rows));
        if (initial == null || initial.size() != 2) {
            throw new IllegalArgumentException(OP + ": LSTM needs 2 initial state tensors (h0, c0), got "
                    + (initial == null ? "none" : initial.size()));
        }
        Checks.operand(be, OP, "initial state 0 (h0)", initial.get(0), DType.FLOAT32, Shape.of(batch, hidden));
        Checks.operand(be, OP, "initial state 1 (c0)", initial.get(1), DType.FLOAT32, Shape.of(batch, hidden));
        return new SequenceSizes(DType.FLOAT32, steps, batch, hidden, 4);
    }

    /** {@code b_ih + b_hh}, either alone where the other is null, or null where both are. */
    private static float[] biasSum(Tensor bIh, Tensor bHh, int width) {
        if (bIh == null && bHh == null) {
            return null;
        }
        if (bIh == null || bHh == null) {
            return (float[]) ejml(bIh == null ? bHh : bIh).data();
        }
        float[] a = (float[]) ejml(bIh).data();
        float[] b = (float[]) ejml(bHh).data();
        float[] sum = new float[width];
        for (int j = 0; j < width; j++) {
            sum[j] = a[j] + b[j];
        }
        return sum;
    }

    private SequenceForward run() {
        Shape sequence = Shape.of(steps, batch, hidden);
        EjmlTensor output = EjmlTensor.zeros(be, sequence, dtype);
        float[] out = (float[]) output.data();
        float[] cFinal = (float[]) copyOf(c0);
        PackedWeight recurrentT = batch == 1 ? be.packedTransposed(wHh) : null;
        if (recurrentT != null && recurrentT.panels() != null) {
            OneRowLstmInference.run(k.gemm.ops().rows(), be.cpu().lstm(), steps, hidden, projection(), null,
                    recurrentT.panels(), (float[]) ejml(h0).data(), cFinal, out, reverse);
            float[] hFinal = new float[hidden];
            System.arraycopy(out, (reverse ? 0 : steps - 1) * hidden, hFinal, 0, hidden);
            return new SequenceForward(output, List.of(state(hFinal), state(cFinal)), List.of());
        }
        weights = StackedWeights.of(be, wIh, wHh);
        LstmSequenceInference rowsOfSequence = new LstmSequenceInference(be.cpu().lstm(), steps, batch, inputs, hidden,
                (float[]) ejml(input).data(), (float[]) ejml(h0).data(), cFinal, bias, out, reverse)
                .biasInGates(be.cpu().settings().inferenceBiasInGates());
        int depth = inputs + hidden;
        // one block of rows per core where it pays, each block's products on EJML's GEMM (split per step
        // when the sequence runs as one block) and its gate math split as the GEMM's parallel() allows
        forBlocks(gateWidth, depth, (from, to) -> rowsOfSequence.runRows(from, to - from,
                (a, rows, z, add) -> k.gemm(FMatrixRMaj.wrap(rows, depth, a), weights, FMatrixRMaj.wrap(rows, gateWidth, z),
                        add),
                (rows, body) -> k.gemm.parallel().rows(rows, hidden, body)));
        float[] hFinal = new float[batch * hidden];
        int last = (reverse ? 0 : steps - 1) * batch * hidden;
        System.arraycopy(out, last, hFinal, 0, batch * hidden);
        return new SequenceForward(output, List.of(state(hFinal), state(cFinal)), List.of());
    }

    /** {@code (b_ih + b_hh) + X W_ih^T} [T, 4H] for a batch of one row, on the packed {@code W_ih^T}. */
    private float[] projection() {
        float[] p = new float[steps * gateWidth];
        if (bias != null) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(bias, 0, p, t * gateWidth, gateWidth);
            }
        }
        k.gemm.mult(FMatrixRMaj.wrap(steps, inputs, (float[]) ejml(input).data()), be.packedTransposed(wIh),
                FMatrixRMaj.wrap(steps, gateWidth, p), true);
        return p;
    }
}
