package dev.jrnn.api.autograd;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Compares the gradients of the backward pass with central differences, to test a backward rule
 * or a new {@link dev.jrnn.api.cell.Cell}. The scalar checked is {@code L = sum(f() * R)} for a
 * fixed random {@code R}, so every element of f's result contributes.
 *
 * <p>Each leaf element {@code x} gets {@code (L(x + eps) - L(x - eps)) / (2 eps)}; the error of an
 * element is {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}. Leaves must be FLOAT64.
 * Leaf values are replaced during the check and restored; their gradients are overwritten.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * The largest error found, and where.
     *
     * @param maxError the largest element error
     * @param where    the leaf and element index of that error
     * @param checked  number of elements checked
     */
    public record Report(double maxError, String where, int checked) {
    }

    /** Checks the gradients of every leaf with {@code eps = 1e-6}. */
    public static Report run(List<? extends Variable> leaves, Supplier<Variable> f, long seed) {
        return run(leaves, f, seed, 1e-6);
    }

    /**
     * Checks the gradients of every leaf of {@code leaves} of the function {@code f}, which must
     * read the leaves' current values each time it is called.
     */
    public static Report run(List<? extends Variable> leaves, Supplier<Variable> f, long seed, double eps) {
        for (Variable v : leaves) {
            if (v.dtype() != DType.FLOAT64 || !v.isLeaf() || !v.requiresGrad()) {
                throw new IllegalArgumentException("gradient check: " + v + " must be a FLOAT64 leaf that requires a gradient");
            }
            v.setGrad(null);
        }
        Backend be = leaves.get(0).backend();
        double[][] analytic = new double[leaves.size()][];
        Tensor weights;
        try (TensorScope scope = TensorScope.open()) {
            Variable y = f.get();
            weights = scope.keep(random(be, y, seed));
            Autograd.backward(Ops.sum(Ops.mul(y, Variable.constant(weights))));
            for (int i = 0; i < leaves.size(); i++) {
                Tensor g = leaves.get(i).grad();
                analytic[i] = g == null ? new double[leaves.get(i).value().size()] : g.toDoubleArray();
            }
        }
        double worst = 0.0;
        String where = "none";
        int checked = 0;
        for (int i = 0; i < leaves.size(); i++) {
            Variable leaf = leaves.get(i);
            Tensor original = leaf.value();
            double[] data = original.toDoubleArray();
            for (int j = 0; j < data.length; j++) {
                double numeric = (loss(leaf, data, j, eps, f, weights) - loss(leaf, data, j, -eps, f, weights)) / (2 * eps);
                double a = analytic[i][j];
                double error = Math.abs(a - numeric) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(numeric)));
                checked++;
                if (error > worst || Double.isNaN(error)) {
                    worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                    where = (leaf.name() == null ? "leaf " + i : leaf.name()) + "[" + j + "]: analytic " + a
                            + ", numeric " + numeric;
                }
            }
            leaf.setValue(original);
        }
        weights.close();
        return new Report(worst, where, checked);
    }

    private static double loss(Variable leaf, double[] data, int j, double delta, Supplier<Variable> f, Tensor weights) {
        double[] moved = data.clone();
        moved[j] += delta;
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            leaf.setValue(leaf.backend().fromArray(moved, leaf.shape(), DType.FLOAT64));
            return Ops.sum(Ops.mul(f.get(), Variable.constant(weights))).value().item();
        }
    }

    private static Tensor random(Backend be, Variable like, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[like.value().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble(-1.0, 1.0);
        }
        return be.fromArray(w, like.shape(), DType.FLOAT64);
    }
}
