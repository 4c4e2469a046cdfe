package dev.jrnn.models.loss;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import java.util.Arrays;

/**
 * Cross-entropy of class indices under the softmax of logits, PyTorch's {@code nn.CrossEntropyLoss}
 * with the class axis last: logits z [..., C] (for example [N, C] or [N, T, C]) against targets
 * [...] ([N] or [N, T]) holding class indices as values. With {@code log p = logSoftmax(z)}, class
 * weights {@code w} (all 1 when none are given), label smoothing {@code e} and position i's class
 * {@code y_i}, the term of a position is
 *
 * <pre>
 *   l_i = (1 - e) w_{y_i} (-log p_{i,y_i})  +  (e / C) sum_c w_c (-log p_{i,c})
 * </pre>
 *
 * and 0 where {@code y_i} is the ignore index. {@code MEAN} divides the sum of the terms by
 * {@code sum_i w_{y_i}} over the positions not ignored (PyTorch's weighted mean, which is the
 * plain mean over those positions without weights; NaN, as in PyTorch, when every position is
 * ignored); {@code SUM} returns the sum. {@link #terms} gives the {@code l_i} (PyTorch's
 * {@code reduction='none'}); {@link #weighted} weighs positions (masks, sample weights) within the
 * same mean.
 *
 * <p>The gradient comes from the graph: the coefficients of {@code log p} are a constant, so
 * {@code dL/dz} is {@code softmax(z) sum_c a_c - a} per position, as PyTorch's.
 */
public final class CrossEntropyLoss implements Loss {
    /** PyTorch's default ignore index. */
    public static final int DEFAULT_IGNORE_INDEX = -100;
    private static final String NAME = "CrossEntropyLoss";
    private final double[] classWeights;
    private final int ignoreIndex;
    private final double labelSmoothing;
    private final Reduction reduction;

    private CrossEntropyLoss(Builder b) {
        this.classWeights = b.classWeights;
        this.ignoreIndex = b.ignoreIndex;
        this.labelSmoothing = b.labelSmoothing;
        this.reduction = b.reduction;
    }

    /** Settings as PyTorch's defaults: no weights, ignore index -100, no smoothing, mean. */
    public static Builder builder() {
        return new Builder();
    }

    /** Never negative: every term is a weighted sum of {@code -log p >= 0} with weights {@code >= 0}. */
    @Override
    public boolean nonNegative() {
        return true;
    }

    @Override
    public Variable apply(Variable logits, Variable targets) {
        Coefficients c = coefficients(logits, targets);
        Variable sum = Ops.sum(terms(logits, c));
        return reduction == Reduction.MEAN ? Ops.scale(sum, 1.0 / c.denominator()) : sum;
    }

    /** The term of every position, of the targets' shape; 0 where the target is the ignore index. */
    @Override
    public Variable terms(Variable logits, Variable targets) {
        return terms(logits, coefficients(logits, targets));
    }

    private static Variable terms(Variable logits, Coefficients c) {
        Variable weighted = Ops.mul(c.ofLogProbabilities(), Ops.logSoftmax(logits));
        return Ops.neg(Ops.sum(weighted, logits.shape().rank() - 1));
    }

    /**
     * The loss with position i weighted by {@code m_i} (a mask of the real steps, sample weights),
     * consistent with the class weights' mean: with {@code d_i = w_{y_i}} (0 where {@code y_i} is
     * the ignore index),
     *
     * <pre>
     *   MEAN:  L = sum_i m_i l_i / sum_i m_i d_i
     *   SUM:   L = sum_i m_i l_i
     * </pre>
     *
     * With every {@code m_i = 1} this is {@link #apply}; a mask of 0 at padded steps gives what
     * PyTorch gives with {@code ignore_index} there. (Dividing by {@code sum_i m_i}, the generic
     * {@link Loss#weighted}, would count a padded step nowhere but weigh every class 1 in the
     * divisor, and an ignored position 1.) The weights are data: no gradient reaches them.
     *
     * @param weights of the targets' leading axes, repeated over the rest: [B] per sample, [B, T] per step
     */
    @Override
    public Variable weighted(Variable logits, Variable targets, Variable weights) {
        Coefficients c = coefficients(logits, targets);
        Variable sum = Reduction.SUM.apply(terms(logits, c), weights);
        if (reduction == Reduction.SUM) {
            return sum;
        }
        double[] m = weights.value().toDoubleArray();
        int repeats = c.divisors().length / Math.max(1, m.length);
        double denominator = 0;
        for (int i = 0; i < c.divisors().length; i++) {
            denominator += m[i / repeats] * c.divisors()[i];
        }
        return Ops.scale(sum, 1.0 / denominator);
    }

    /**
     * {@code a}, the constant multiplying {@code log p} in each position's term; each position's
     * share of the mean's divisor, {@code w_{y_i}} (0 where ignored); their sum.
     */
    private record Coefficients(Variable ofLogProbabilities, double[] divisors, double denominator) {
    }

    private Coefficients coefficients(Variable logits, Variable targets) {
        Shape shape = logits.shape();
        if (shape.rank() != targets.shape().rank() + 1
                || !shape.equals(targets.shape().insert(targets.shape().rank(), shape.dim(shape.rank() - 1)))) {
            throw new IllegalArgumentException(NAME + ": logits have shape " + shape + " but targets have shape "
                    + targets.shape() + " (logits must be the targets' shape and a trailing class axis, [..., C])");
        }
        int classes = shape.dim(shape.rank() - 1);
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(NAME + ": " + classWeights.length + " class weights for logits of "
                    + classes + " classes (shape " + shape + ")");
        }
        double[] t = targets.value().toDoubleArray();
        double[] a = new double[t.length * classes];
        double[] divisors = new double[t.length];
        double denominator = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) {
                continue;
            }
            int y = classOf(t[i], classes, i, targets.shape());
            double wy = weight(y);
            divisors[i] = wy;
            denominator += wy;
            a[i * classes + y] += (1 - labelSmoothing) * wy;
            if (labelSmoothing > 0) {
                for (int c = 0; c < classes; c++) {
                    a[i * classes + c] += labelSmoothing / classes * weight(c);
                }
            }
        }
        return new Coefficients(Variable.constant(logits.backend().fromArray(a, shape, logits.dtype())), divisors,
                denominator);
    }

    private int classOf(double target, int classes, int flat, Shape targetShape) {
        if (target != Math.rint(target) || target < 0 || target >= classes) {
            throw new IllegalArgumentException(NAME + ": target " + target + " at " + position(flat, targetShape)
                    + " is neither a class index in [0, " + classes + ") nor the ignore index " + ignoreIndex);
        }
        return (int) target;
    }

    /** The multi-index of flat position {@code flat} in {@code shape}, as {@code [n, t]}. */
    private static String position(int flat, Shape shape) {
        int[] index = new int[shape.rank()];
        for (int axis = shape.rank() - 1; axis >= 0; axis--) {
            index[axis] = flat % shape.dim(axis);
            flat /= shape.dim(axis);
        }
        return Arrays.toString(index);
    }

    private double weight(int c) {
        return classWeights == null ? 1.0 : classWeights[c];
    }

    /** The class weights, or null for none. */
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return NAME + "(weights=" + (classWeights == null ? "none" : Arrays.toString(classWeights)) + ", ignoreIndex="
                + ignoreIndex + ", labelSmoothing=" + labelSmoothing + ", reduction=" + reduction + ")";
    }

    /** Settings of a {@link CrossEntropyLoss}; PyTorch's defaults until set. */
    public static final class Builder {
        private double[] classWeights;
        private int ignoreIndex = DEFAULT_IGNORE_INDEX;
        private double labelSmoothing;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {
        }

        /** A weight per class, {@code w_c >= 0} and finite (PyTorch's {@code weight}); null for none. */
        public Builder classWeights(double... weights) {
            if (weights != null) {
                if (weights.length == 0) {
                    throw new IllegalArgumentException(NAME + ": class weights are empty");
                }
                for (int c = 0; c < weights.length; c++) {
                    if (!(weights[c] >= 0) || Double.isInfinite(weights[c])) {
                        throw new IllegalArgumentException(NAME + ": class weight " + c + " is " + weights[c]
                                + "; weights must be finite and >= 0");
                    }
                }
            }
            this.classWeights = weights == null ? null : weights.clone();
            return this;
        }

        /** The target value whose positions count nowhere, neither in the sum nor in the mean's divisor. */
        public Builder ignoreIndex(int index) {
            this.ignoreIndex = index;
            return this;
        }

        /** {@code e} in [0, 1]: the target distribution is {@code (1 - e) onehot(y) + e / C} (Szegedy et al., 2016). */
        public Builder labelSmoothing(double e) {
            if (!(e >= 0 && e <= 1)) {
                throw new IllegalArgumentException(NAME + ": label smoothing must be in [0, 1], got " + e);
            }
            this.labelSmoothing = e;
            return this;
        }

        public Builder reduction(Reduction reduction) {
            if (reduction == null) {
                throw new IllegalArgumentException(NAME + ": reduction is null");
            }
            this.reduction = reduction;
            return this;
        }

        public CrossEntropyLoss build() {
            return new CrossEntropyLoss(this);
        }
    }
}
