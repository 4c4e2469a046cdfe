package dev.jrnn.api.backend;

import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.OptimizerDefaults;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import java.util.Optional;

/**
 * A compute backend: a small set of primitive ops (abstract) and composite ops (default methods
 * built from the primitives, which a backend may override for speed).
 *
 * <p>Contract for every op: inputs are never modified; the result is a new tensor of the inputs'
 * dtype on this backend; tensors of another backend or of mixed dtypes are rejected with an
 * {@link IllegalArgumentException} that names the op, the operand and the expected and actual
 * shape or dtype ({@link Checks} builds these messages).
 *
 * <p>Thread safety: one backend instance serves every thread. Its ops may run concurrently from
 * any number of threads, on the same input tensors too, and {@link #memory()} counts for all of
 * them. What a backend cannot make safe is a tensor closed while another thread's op still reads
 * it (native memory freed under a running kernel): model weights are replaced through
 * {@link dev.jrnn.api.autograd.WeightGuard}, which closes an old value only once no forward pass
 * holds it; any other tensor shared between threads is closed by its owner after the readers
 * are done.
 */
public interface Backend {

    /** The short id of this backend, as its provider's {@link BackendProvider#name()}. */
    String name();

    /** Counts this backend's live, unclosed and garbage-collected tensors and bytes. */
    MemoryCounter memory();

    // ---------------------------------------------------------------- creation and transfer

    /** A tensor holding {@code data} (row-major, copied) converted to {@code dtype}. */
    Tensor fromArray(double[] data, Shape shape, DType dtype);

    /** A FLOAT32 tensor holding {@code data} (row-major, copied). */
    Tensor fromArray(float[] data, Shape shape);

    /** A tensor of zeros. */
    Tensor zeros(Shape shape, DType dtype);

    /** A tensor with every element equal to {@code value}. */
    default Tensor full(Shape shape, double value, DType dtype) {
        double[] data = new double[shape.size()];
        java.util.Arrays.fill(data, value);
        return fromArray(data, shape, dtype);
    }

    /** A rank-0 tensor. */
    default Tensor scalar(double value, DType dtype) {
        return fromArray(new double[] {value}, Shape.scalar(), dtype);
    }

    /** A copy of {@code t}, which may belong to another backend, on this backend in its dtype. */
    default Tensor transfer(Tensor t) {
        return t.dtype() == DType.FLOAT32
                ? fromArray(t.toFloatArray(), t.shape())
                : fromArray(t.toDoubleArray(), t.shape(), t.dtype());
    }

    /** A copy of {@code t} converted to {@code dtype}. */
    default Tensor cast(Tensor t, DType dtype) {
        return fromArray(t.toDoubleArray(), t.shape(), dtype);
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code op} applied to every element. */
    Tensor unary(UnaryOp op, Tensor x);

    /**
     * {@code op(a, b)} elementwise with row broadcasting: the shapes are equal, or the smaller
     * operand's shape is a trailing suffix of the larger's (a scalar is the empty suffix), in
     * which case it repeats over the leading axes. The result has the larger shape.
     */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    // ---------------------------------------------------------------- reductions and movement

    /** Reduces along {@code axis} (negative counts from the end); the axis is removed. */
    Tensor reduce(ReduceOp op, Tensor x, int axis);

    /** The same elements in a new shape of the same size. */
    Tensor reshape(Tensor x, Shape shape);

    /** Axes permuted: result axis i is input axis {@code permutation[i]}. */
    Tensor transpose(Tensor x, int... permutation);

    /** Elements {@code [start, end)} along {@code axis}. */
    Tensor slice(Tensor x, int axis, int start, int end);

    /** Tensors joined along {@code axis}; all other dimensions must agree. */
    Tensor concat(int axis, List<Tensor> parts);

    /** A new axis of size {@code count} inserted before {@code axis} (0..rank), the input repeated along it. */
    Tensor expand(Tensor x, int axis, int count);

    /**
     * Matrix product of rank-2 tensors: {@code op(a) op(b)} where {@code op} transposes when its
     * flag is set. {@code op(a)} is [M, K], {@code op(b)} is [K, N], the result [M, N].
     */
    Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB);

    // ---------------------------------------------------------------- unary and binary shorthands

    default Tensor neg(Tensor x) { return unary(UnaryOp.NEG, x); }
    default Tensor exp(Tensor x) { return unary(UnaryOp.EXP, x); }
    default Tensor log(Tensor x) { return unary(UnaryOp.LOG, x); }
    default Tensor tanh(Tensor x) { return unary(UnaryOp.TANH, x); }
    default Tensor sigmoid(Tensor x) { return unary(UnaryOp.SIGMOID, x); }
    default Tensor relu(Tensor x) { return unary(UnaryOp.RELU, x); }
    default Tensor sqrt(Tensor x) { return unary(UnaryOp.SQRT, x); }
    default Tensor abs(Tensor x) { return unary(UnaryOp.ABS, x); }
    default Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }
    default Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }
    default Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }
    default Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }
    default Tensor max(Tensor a, Tensor b) { return binary(BinaryOp.MAX, a, b); }
    default Tensor sum(Tensor x, int axis) { return reduce(ReduceOp.SUM, x, axis); }
    default Tensor max(Tensor x, int axis) { return reduce(ReduceOp.MAX, x, axis); }
    default Tensor matmul(Tensor a, Tensor b) { return matmul(a, false, b, false); }

    // ---------------------------------------------------------------- composite ops

    /** {@code x * s} for a constant {@code s}. */
    default Tensor scale(Tensor x, double s) {
        try (Tensor factor = scalar(s, x.dtype())) {
            return mul(x, factor);
        }
    }

    /**
     * Affine map {@code y = x W^T + b}: x [N, I], W [O, I], b [O] or null; y [N, O].
     */
    default Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return RecurrentDefaults.linear(this, x, weight, bias);
    }

    /**
     * One LSTM step (PyTorch's equations, gate order i, f, g, o):
     * {@code z = P + h W_hh^T + b_hh}; {@code i, f, o = sigmoid}, {@code g = tanh} of z's blocks;
     * {@code c' = f c + i g}; {@code h' = o tanh(c')}.
     *
     * @param inputProjection {@code x W_ih^T + b_ih} [B, 4H]
     * @param h               previous hidden state [B, H]
     * @param c               previous cell state [B, H]
     * @param recurrentWeight W_hh [4H, H]
     * @param recurrentBias   b_hh [4H], or null
     */
    default LstmStep lstmStep(Tensor inputProjection, Tensor h, Tensor c, Tensor recurrentWeight, Tensor recurrentBias) {
        return RecurrentDefaults.lstmStep(this, inputProjection, h, c, recurrentWeight, recurrentBias);
    }

    /**
     * Backward of {@link #lstmStep}: from dL/dh' and dL/dc' to the pre-activation gates and the
     * previous state. {@code c} is the previous cell state, {@code cNext} the new one.
     */
    default LstmStepGradient lstmStepBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext,
                                              Tensor recurrentWeight) {
        return RecurrentDefaults.lstmStepBackward(this, dhNext, dcNext, gates, c, cNext, recurrentWeight);
    }

    /**
     * One GRU step (PyTorch's equations, gate order r, z, n):
     * {@code r = sigmoid(P_r + W_hr h + b_hr)}, {@code z = sigmoid(P_z + W_hz h + b_hz)},
     * {@code n = tanh(P_n + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}.
     *
     * @param inputProjection {@code x W_ih^T + b_ih} [B, 3H]
     */
    default GruStep gruStep(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return RecurrentDefaults.gruStep(this, inputProjection, h, recurrentWeight, recurrentBias);
    }

    /** Backward of {@link #gruStep}; {@code h} is the previous hidden state. */
    default GruStepGradient gruStepBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h,
                                            Tensor recurrentWeight) {
        return RecurrentDefaults.gruStepBackward(this, dhNext, gates, hiddenNew, h, recurrentWeight);
    }

    /**
     * One Elman step {@code h' = f(P + h W_hh^T + b_hh)} with {@code f} tanh or relu
     * ({@code kind} is {@link CellKind#RNN_TANH} or {@link CellKind#RNN_RELU}).
     */
    default Tensor rnnStep(CellKind kind, Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return RecurrentDefaults.rnnStep(this, kind, inputProjection, h, recurrentWeight, recurrentBias);
    }

    /** Backward of {@link #rnnStep}; {@code hNext} is the step's output. */
    default RnnStepGradient rnnStepBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor recurrentWeight) {
        return RecurrentDefaults.rnnStepBackward(this, kind, dhNext, hNext, recurrentWeight);
    }

    /**
     * Runs one direction of a recurrent layer over a whole sequence whose input projection
     * {@code P = X W_ih^T + b_ih} [T, B, G*H] was computed in one GEMM.
     *
     * @param initialState (h0) or, for LSTM, (h0, c0), each [B, H]
     * @param lengths      valid steps of each sequence (PyTorch's packed semantics: outputs past a
     *                     sequence's length are zero and its state stops there), or null for all T
     * @param reverse      run from step T-1 down to 0 (each sequence starts at its own last valid step)
     */
    default SequenceForward recurrentForward(CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                                             Tensor recurrentWeight, Tensor recurrentBias, int[] lengths,
                                             boolean reverse) {
        return RecurrentDefaults.sequenceForward(this, kind, inputProjection, initialState, recurrentWeight,
                recurrentBias, lengths, reverse);
    }

    /**
     * Runs one direction of a recurrent layer from the layer's input, for inference: the same
     * numbers as {@code recurrentForward(kind, P, ...)} with {@code P = X W_ih^T + b_ih}, computed in
     * as few calls as the backend can (a native whole-sequence kernel that projects the input
     * itself). Nothing is saved for a backward pass: the result's {@code saved} list is empty.
     *
     * <p>Optional: a backend that does not take this case (the default, or a cell kind, dtype,
     * lengths or shape its kernel lacks) returns empty, and the caller computes the projection and
     * calls {@link #recurrentForward}. A present result must equal that composition within the
     * backend's float tolerance ({@link RecurrentDefaults#sequenceInference} defines it).
     *
     * @param input        X [T, B, I]
     * @param initialState (h0) or, for LSTM, (h0, c0), each [B, H]
     * @param inputWeight  W_ih [G*H, I]
     * @param inputBias    b_ih [G*H], or null
     * @param recurrentWeight W_hh [G*H, H]
     * @param recurrentBias   b_hh [G*H], or null
     * @param lengths      valid steps of each sequence, or null for all T
     * @param reverse      run from step T-1 down to 0
     */
    default Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initialState,
                                                         Tensor inputWeight, Tensor inputBias, Tensor recurrentWeight,
                                                         Tensor recurrentBias, int[] lengths, boolean reverse) {
        return Optional.empty();
    }

    /**
     * Backward of {@link #recurrentForward}.
     *
     * @param dOutput     dL/d(output) [T, B, H]
     * @param dFinalState dL/d(final state), one per state tensor
     */
    default SequenceGradient recurrentBackward(CellKind kind, SequenceForward forward, List<Tensor> initialState,
                                               Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState,
                                               int[] lengths, boolean reverse) {
        return RecurrentDefaults.sequenceBackward(this, kind, forward, initialState, recurrentWeight, dOutput,
                dFinalState, lengths, reverse);
    }

    /**
     * One Adam update of a parameter (PyTorch's {@code torch.optim.Adam}, any weight decay already
     * in {@code grad}): {@code m' = beta1 m + (1 - beta1) g}, {@code v' = beta2 v + (1 - beta2) g g},
     * {@code value' = value - stepSize m' / (sqrt(v') denominatorScale + eps)}, where the moments of
     * the first step are null ({@code m' = (1 - beta1) g}, {@code v' = (1 - beta2) g g}) and, at step
     * t, {@code stepSize = lr / (1 - beta1^t)}, {@code denominatorScale = 1 / sqrt(1 - beta2^t)}.
     * An override computes each operation as {@link OptimizerDefaults#adamStep} does, constants in
     * the tensors' dtype, so that it gives the same numbers in one pass over the arrays.
     *
     * @param firstMoment  {@code m}, or null on the first step (then {@code secondMoment} too)
     * @param secondMoment {@code v}, or null on the first step
     */
    default AdamStep adamStep(Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment, double beta1,
                              double beta2, double eps, double stepSize, double denominatorScale) {
        return OptimizerDefaults.adamStep(this, value, grad, firstMoment, secondMoment, beta1, beta2, eps, stepSize,
                denominatorScale);
    }
}
