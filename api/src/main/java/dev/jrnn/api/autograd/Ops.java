package dev.jrnn.api.autograd;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The differentiable ops. Each method computes its value with {@link Backend} ops and records, next
 * to the forward code, its backward rule: a few backend ops from dL/d(output) {@code g} to
 * dL/d(each input). Binary ops broadcast as {@link Backend#binary} does; the gradient of a
 * broadcast operand is summed back to its shape ({@link Gradients#unbroadcast}).
 */
public final class Ops {
    private Ops() {
    }

    // ------------------------------------------------------------------------- binary

    /** {@code a + b}; {@code da = g}, {@code db = g}. */
    public static Variable add(Variable a, Variable b) {
        Backend be = a.backend();
        return Gradients.record("add", be.add(a.value(), b.value()), g -> new Tensor[] {
            Gradients.unbroadcast(g[0], a.shape()), Gradients.unbroadcast(g[0], b.shape())}, a, b);
    }

    /** {@code a - b}; {@code da = g}, {@code db = -g}. */
    public static Variable sub(Variable a, Variable b) {
        Backend be = a.backend();
        return Gradients.record("sub", be.sub(a.value(), b.value()), g -> new Tensor[] {
            Gradients.unbroadcast(g[0], a.shape()),
            b.requiresGrad() ? Gradients.unbroadcast(be.neg(g[0]), b.shape()) : null}, a, b);
    }

    /** {@code a * b} elementwise; {@code da = g b}, {@code db = g a}. */
    public static Variable mul(Variable a, Variable b) {
        Backend be = a.backend();
        Tensor av = a.value();
        Tensor bv = b.value();
        return Gradients.record("mul", be.mul(av, bv), g -> new Tensor[] {
            a.requiresGrad() ? Gradients.unbroadcast(be.mul(g[0], bv), a.shape()) : null,
            b.requiresGrad() ? Gradients.unbroadcast(be.mul(g[0], av), b.shape()) : null}, a, b);
    }

    /** {@code y = a / b}; {@code da = g / b}, {@code db = -g y / b}. */
    public static Variable div(Variable a, Variable b) {
        Backend be = a.backend();
        Tensor bv = b.value();
        Tensor y = be.div(a.value(), bv);
        return Gradients.record("div", y, g -> new Tensor[] {
            a.requiresGrad() ? Gradients.unbroadcast(be.div(g[0], bv), a.shape()) : null,
            b.requiresGrad() ? Gradients.unbroadcast(be.neg(be.div(be.mul(g[0], y), bv)), b.shape()) : null},
            a, b);
    }

    /**
     * {@code max(a, b)} elementwise; the gradient goes to the larger operand and is split evenly
     * on ties, as PyTorch's {@code maximum}.
     */
    public static Variable max(Variable a, Variable b) {
        Backend be = a.backend();
        Tensor av = a.value();
        Tensor bv = b.value();
        return Gradients.record("max", be.max(av, bv), g -> {
            Tensor aWins = be.binary(BinaryOp.GREATER, av, bv);
            Tensor bWins = be.binary(BinaryOp.GREATER, bv, av);
            Tensor tie = be.scale(Gradients.oneMinus(be, be.add(aWins, bWins)), 0.5);
            return new Tensor[] {
                Gradients.unbroadcast(be.mul(g[0], be.add(aWins, tie)), a.shape()),
                Gradients.unbroadcast(be.mul(g[0], be.add(bWins, tie)), b.shape())};
        }, a, b);
    }

    /** {@code x * s} for a constant {@code s}; {@code dx = s g}. */
    public static Variable scale(Variable x, double s) {
        Backend be = x.backend();
        return Gradients.record("scale", be.scale(x.value(), s), g -> new Tensor[] {be.scale(g[0], s)}, x);
    }

    // ------------------------------------------------------------------------- unary

    /** {@code -x}; {@code dx = -g}. */
    public static Variable neg(Variable x) {
        Backend be = x.backend();
        return Gradients.record("neg", be.neg(x.value()), g -> new Tensor[] {be.neg(g[0])}, x);
    }

    /** {@code y = e^x}; {@code dx = g y}. */
    public static Variable exp(Variable x) {
        Backend be = x.backend();
        Tensor y = be.exp(x.value());
        return Gradients.record("exp", y, g -> new Tensor[] {be.mul(g[0], y)}, x);
    }

    /** {@code ln x}; {@code dx = g / x}. */
    public static Variable log(Variable x) {
        Backend be = x.backend();
        Tensor xv = x.value();
        return Gradients.record("log", be.log(xv), g -> new Tensor[] {be.div(g[0], xv)}, x);
    }

    /** {@code y = tanh x}; {@code dx = g (1 - y^2)}. */
    public static Variable tanh(Variable x) {
        Backend be = x.backend();
        Tensor y = be.tanh(x.value());
        return Gradients.record("tanh", y, g -> new Tensor[] {
            be.mul(g[0], Gradients.oneMinus(be, be.mul(y, y)))}, x);
    }

    /** {@code y = 1 / (1 + e^-x)}; {@code dx = g y (1 - y)}. */
    public static Variable sigmoid(Variable x) {
        Backend be = x.backend();
        Tensor y = be.sigmoid(x.value());
        return Gradients.record("sigmoid", y, g -> new Tensor[] {
            be.mul(g[0], be.mul(y, Gradients.oneMinus(be, y)))}, x);
    }

    /** {@code max(x, 0)}; {@code dx = g [x > 0]}. */
    public static Variable relu(Variable x) {
        Backend be = x.backend();
        Tensor xv = x.value();
        return Gradients.record("relu", be.relu(xv), g -> new Tensor[] {
            be.mul(g[0], be.binary(BinaryOp.GREATER, xv, be.scalar(0.0, xv.dtype())))}, x);
    }

    /** {@code y = sqrt x}; {@code dx = g / (2 y)}. */
    public static Variable sqrt(Variable x) {
        Backend be = x.backend();
        Tensor y = be.sqrt(x.value());
        return Gradients.record("sqrt", y, g -> new Tensor[] {be.div(g[0], be.scale(y, 2.0))}, x);
    }

    /** {@code |x|}; {@code dx = g sign(x)}. */
    public static Variable abs(Variable x) {
        Backend be = x.backend();
        Tensor xv = x.value();
        return Gradients.record("abs", be.abs(xv), g -> new Tensor[] {
            be.mul(g[0], be.unary(UnaryOp.SIGN, xv))}, x);
    }

    // ------------------------------------------------------------------------- reductions

    /** Sum along {@code axis}, which is removed; {@code dx = g} repeated along the axis. */
    public static Variable sum(Variable x, int axis) {
        Backend be = x.backend();
        int a = x.shape().normalizeAxis(axis);
        int n = x.shape().dim(a);
        return Gradients.record("sum", be.sum(x.value(), a), g -> new Tensor[] {be.expand(g[0], a, n)}, x);
    }

    /** Sum of all elements, a rank-0 tensor; {@code dx = g} everywhere. */
    public static Variable sum(Variable x) {
        Backend be = x.backend();
        Shape shape = x.shape();
        return Gradients.record("sumAll", Gradients.sumAll(be, x.value()), g -> new Tensor[] {
            be.reshape(be.expand(be.reshape(g[0], Shape.scalar()), 0, shape.size()), shape)}, x);
    }

    /**
     * {@code sum_i x_i^2}, a rank-0 tensor; {@code dx = 2 g x}. One node instead of
     * {@code sum(mul(x, x))}, whose backward spreads g over a full-size tensor and multiplies twice.
     */
    public static Variable sumOfSquares(Variable x) {
        Backend be = x.backend();
        Tensor xv = x.value();
        return Gradients.record("sumOfSquares", Gradients.sumAll(be, be.mul(xv, xv)), g -> new Tensor[] {
            be.mul(xv, be.scale(g[0], 2.0))}, x);
    }

    /** Mean of all elements, a rank-0 tensor. */
    public static Variable mean(Variable x) {
        return scale(sum(x), 1.0 / x.value().size());
    }

    /** Mean along {@code axis}, which is removed. */
    public static Variable mean(Variable x, int axis) {
        return scale(sum(x, axis), 1.0 / x.shape().dim(axis));
    }

    /**
     * Maximum along {@code axis}, which is removed; the gradient goes to the maximal elements,
     * split evenly among ties.
     */
    public static Variable max(Variable x, int axis) {
        Backend be = x.backend();
        int a = x.shape().normalizeAxis(axis);
        int n = x.shape().dim(a);
        Tensor xv = x.value();
        Tensor y = be.reduce(ReduceOp.MAX, xv, a);
        return Gradients.record("maxAlong", y, g -> {
            Tensor isMax = Gradients.oneMinus(be, be.binary(BinaryOp.GREATER, be.expand(y, a, n), xv));
            Tensor share = be.div(g[0], be.sum(isMax, a));
            return new Tensor[] {be.mul(be.expand(share, a, n), isMax)};
        }, x);
    }

    // ------------------------------------------------------------------------- movement

    /** The same elements in a new shape; {@code dx = reshape(g, x.shape)}. */
    public static Variable reshape(Variable x, Shape shape) {
        Backend be = x.backend();
        Shape from = x.shape();
        return Gradients.record("reshape", be.reshape(x.value(), shape), g -> new Tensor[] {
            be.reshape(g[0], from)}, x);
    }

    /** Axes permuted (result axis i is input axis {@code permutation[i]}); dx is g permuted back. */
    public static Variable transpose(Variable x, int... permutation) {
        Backend be = x.backend();
        int[] perm = permutation.clone();
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        return Gradients.record("transpose", be.transpose(x.value(), perm), g -> new Tensor[] {
            be.transpose(g[0], inverse)}, x);
    }

    /** Elements {@code [start, end)} along {@code axis}; dx is g padded with zeros. */
    public static Variable slice(Variable x, int axis, int start, int end) {
        Backend be = x.backend();
        Shape shape = x.shape();
        int a = shape.normalizeAxis(axis);
        return Gradients.record("slice", be.slice(x.value(), a, start, end), g -> new Tensor[] {
            Gradients.pad(be, g[0], shape, a, start, end)}, x);
    }

    /** Parts joined along {@code axis}; each part's gradient is its slice of g. */
    public static Variable concat(int axis, List<Variable> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one variable");
        }
        Backend be = parts.get(0).backend();
        List<Tensor> values = new ArrayList<>(parts.size());
        for (Variable p : parts) {
            values.add(p.value());
        }
        Tensor y = be.concat(axis, values);
        int a = y.shape().normalizeAxis(axis);
        int[] offsets = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            offsets[i + 1] = offsets[i] + parts.get(i).shape().dim(a);
        }
        return Gradients.record("concat", y, g -> {
            Tensor[] grads = new Tensor[parts.size()];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = parts.get(i).requiresGrad() ? be.slice(g[0], a, offsets[i], offsets[i + 1]) : null;
            }
            return grads;
        }, parts.toArray(new Variable[0]));
    }

    /** Variables of one shape stacked along a new leading axis: [N, ...]. */
    public static Variable stack(List<Variable> parts) {
        List<Variable> expanded = new ArrayList<>(parts.size());
        for (Variable p : parts) {
            expanded.add(expand(p, 0, 1));
        }
        return concat(0, expanded);
    }

    /** A new axis of size {@code count} before {@code axis}, x repeated along it; {@code dx = sum(g, axis)}. */
    public static Variable expand(Variable x, int axis, int count) {
        Backend be = x.backend();
        return Gradients.record("expand", be.expand(x.value(), axis, count), g -> new Tensor[] {
            be.sum(g[0], axis)}, x);
    }

    // ------------------------------------------------------------------------- products

    /**
     * {@code C = op(a) op(b)} of rank-2 variables, op transposing when its flag is set;
     * {@code d op(a) = g op(b)^T}, {@code d op(b) = op(a)^T g}.
     */
    public static Variable matmul(Variable a, boolean transposeA, Variable b, boolean transposeB) {
        Backend be = a.backend();
        Tensor av = a.value();
        Tensor bv = b.value();
        return Gradients.record("matmul", be.matmul(av, transposeA, bv, transposeB), g -> new Tensor[] {
            !a.requiresGrad() ? null : transposeA ? be.matmul(bv, transposeB, g[0], true)
                : be.matmul(g[0], false, bv, !transposeB),
            !b.requiresGrad() ? null : transposeB ? be.matmul(g[0], true, av, transposeA)
                : be.matmul(av, !transposeA, g[0], false)}, a, b);
    }

    /** {@code a b} of rank-2 variables. */
    public static Variable matmul(Variable a, Variable b) {
        return matmul(a, false, b, false);
    }

    /**
     * Affine map {@code y = x W^T + b} over the last axis, as {@code torch.nn.functional.linear}:
     * x [..., I] of rank 2 or more, W [O, I], b [O] or null; y [..., O]. A rank-2 x goes to
     * {@link Backend#linear} directly; a higher rank is flattened to [N, I] and the result
     * reshaped back. {@code dx = g W}, {@code dW = g^T x}, {@code db = sum_rows g}.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        Shape shape = x.shape();
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("linear: input must have rank 2 or more ([..., I]), got shape " + shape);
        }
        int inputs = shape.dim(shape.rank() - 1);
        if (weight.shape().rank() != 2 || weight.shape().dim(1) != inputs) {
            throw new IllegalArgumentException("linear: weight has shape " + weight.shape() + " but the input's last"
                    + " axis has " + inputs + " features (shape " + shape + "); the weight must be [O, " + inputs + "]");
        }
        if (shape.rank() == 2) {
            return linear2d(x, weight, bias);
        }
        int rows = shape.size() / inputs;
        Variable y = linear2d(reshape(x, Shape.of(rows, inputs)), weight, bias);
        return reshape(y, shape.withDim(shape.rank() - 1, weight.shape().dim(0)));
    }

    private static Variable linear2d(Variable x, Variable weight, Variable bias) {
        Backend be = x.backend();
        Tensor xv = x.value();
        Tensor wv = weight.value();
        Tensor y = be.linear(xv, wv, bias == null ? null : bias.value());
        Node.Rule rule = g -> new Tensor[] {
            x.requiresGrad() ? be.matmul(g[0], false, wv, false) : null,
            weight.requiresGrad() ? be.matmul(g[0], true, xv, false) : null,
            bias != null && bias.requiresGrad() ? be.sum(g[0], 0) : null};
        return bias == null
                ? Gradients.record("linear", y, rule, x, weight)
                : Gradients.record("linear", y, rule, x, weight, bias);
    }

    // ------------------------------------------------------------------------- normalisation

    /**
     * {@code y_i = e^(x_i - m) / sum_j e^(x_j - m)} along the last axis, with {@code m = max_j x_j}
     * (the shift leaves y unchanged and keeps {@code exp} from overflowing);
     * {@code dx = y (g - sum_j g_j y_j)}.
     */
    public static Variable softmax(Variable x) {
        Backend be = x.backend();
        int axis = lastAxis("softmax", x);
        int n = x.shape().dim(axis);
        Tensor e = be.exp(shiftedByMax(be, x.value(), axis));
        Tensor y = be.div(e, be.expand(be.sum(e, axis), axis, n));
        return Gradients.record("softmax", y, g -> new Tensor[] {
            be.mul(y, be.sub(g[0], be.expand(be.sum(be.mul(g[0], y), axis), axis, n)))}, x);
    }

    /**
     * {@code y_i = x_i - m - ln sum_j e^(x_j - m)} along the last axis, with {@code m = max_j x_j}
     * (exact for logits of any size, where {@code ln softmax} would underflow to -inf);
     * {@code dx = g - softmax(x) sum_j g_j}.
     */
    public static Variable logSoftmax(Variable x) {
        Backend be = x.backend();
        int axis = lastAxis("logSoftmax", x);
        int n = x.shape().dim(axis);
        Tensor shifted = shiftedByMax(be, x.value(), axis);
        Tensor y = be.sub(shifted, be.expand(be.log(be.sum(be.exp(shifted), axis)), axis, n));
        return Gradients.record("logSoftmax", y, g -> new Tensor[] {
            be.sub(g[0], be.mul(be.exp(y), be.expand(be.sum(g[0], axis), axis, n)))}, x);
    }

    private static int lastAxis(String op, Variable x) {
        if (x.shape().rank() < 1 || x.shape().dim(x.shape().rank() - 1) == 0) {
            throw new IllegalArgumentException(op + ": needs a non-empty last axis, got shape " + x.shape());
        }
        return x.shape().rank() - 1;
    }

    private static Tensor shiftedByMax(Backend be, Tensor x, int axis) {
        return be.sub(x, be.expand(be.max(x, axis), axis, x.shape().dim(axis)));
    }

    // ------------------------------------------------------------------------- recurrence

    /**
     * A whole recurrent direction from the layer's input in one backend call
     * ({@link Backend#recurrentInference}), where no gradient is needed: recording is off
     * ({@link Autograd#noGrad()}) or no operand requires one. Empty where a gradient is needed or
     * the backend does not take the case; the caller then projects the input and calls
     * {@link #recurrent}. The result is constant.
     *
     * @param input X [T, B, I]; the other operands as in {@link #recurrent}, plus W_ih [G*H, I] and
     *              b_ih [G*H] (or null)
     */
    public static Optional<RecurrentResult> recurrentInference(CellKind kind, Variable input,
                                                               List<Variable> initialState, Variable inputWeight,
                                                               Variable inputBias, Variable recurrentWeight,
                                                               Variable recurrentBias, int[] lengths, boolean reverse) {
        return RecurrentOp.inference(kind, input, initialState, inputWeight, inputBias, recurrentWeight,
                recurrentBias, lengths, reverse);
    }

    /**
     * A whole recurrent direction as one graph node: forward by {@link Backend#recurrentForward},
     * backward by {@link Backend#recurrentBackward} (the backend's fused kernels).
     *
     * @param inputProjection {@code X W_ih^T + b_ih} [T, B, G*H]
     * @param initialState    (h0) or, for LSTM, (h0, c0), each [B, H]
     * @param recurrentWeight W_hh [G*H, H]
     * @param recurrentBias   b_hh [G*H], or null
     * @param lengths         valid steps per sequence (packed semantics), or null for all T
     * @param reverse         run from the last step to the first
     */
    public static RecurrentResult recurrent(CellKind kind, Variable inputProjection, List<Variable> initialState,
                                            Variable recurrentWeight, Variable recurrentBias, int[] lengths,
                                            boolean reverse) {
        return RecurrentOp.apply(kind, inputProjection, initialState, recurrentWeight, recurrentBias, lengths,
                reverse);
    }
}
