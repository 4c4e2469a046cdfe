package dev.jrnn.forecast.eval;

import java.util.function.ToDoubleFunction;

/**
 * The Nelder-Mead simplex search (Nelder and Mead 1965; reflection 1, expansion 2, contraction and
 * shrink 1/2, as Lagarias et al. 1998), stopped as in Nash's formulation that R's {@code optim} uses:
 * when the values at the simplex's vertices differ by at most {@code tol (|f_best| + tol)}, or after
 * a number of evaluations. Unlike a test on how much one iteration changed, the spread does not
 * mistake a step along a direction where the function is flat for convergence. Non-finite values
 * count as {@link Double#MAX_VALUE}.
 */
final class NelderMead {
    private NelderMead() {
    }

    /**
     * The best point found and its value.
     *
     * @param point       where
     * @param value       the function there
     * @param evaluations function evaluations used
     */
    record Result(double[] point, double value, int evaluations) {
    }

    /**
     * Minimises {@code f} from {@code start}, the first simplex {@code start + steps[i] e_i}.
     *
     * @param tol            relative spread of the vertex values that stops the search
     * @param maxEvaluations evaluations after which it stops anyway
     */
    static Result minimise(ToDoubleFunction<double[]> f, double[] start, double[] steps, double tol,
                           int maxEvaluations) {
        int n = start.length;
        double[][] x = new double[n + 1][];
        double[] v = new double[n + 1];
        x[0] = start.clone();
        v[0] = value(f, x[0]);
        for (int i = 0; i < n; i++) {
            x[i + 1] = start.clone();
            x[i + 1][i] += steps[i];
            v[i + 1] = value(f, x[i + 1]);
        }
        int evaluations = n + 1;
        double[] centroid = new double[n];
        double[] trial = new double[n];
        while (evaluations < maxEvaluations) {
            int best = 0;
            int worst = 0;
            for (int i = 1; i <= n; i++) {
                if (v[i] < v[best]) {
                    best = i;
                }
                if (v[i] > v[worst]) {
                    worst = i;
                }
            }
            if (v[worst] - v[best] <= tol * (Math.abs(v[best]) + tol)) {
                break;
            }
            int second = best;
            for (int i = 0; i <= n; i++) {
                if (i != worst && v[i] > v[second]) {
                    second = i;
                }
            }
            java.util.Arrays.fill(centroid, 0);
            for (int i = 0; i <= n; i++) {
                if (i != worst) {
                    for (int j = 0; j < n; j++) {
                        centroid[j] += x[i][j] / n;
                    }
                }
            }
            double reflected = evaluate(f, centroid, x[worst], -1, trial);
            evaluations++;
            if (reflected < v[best]) {
                double[] reflection = trial.clone();
                double expanded = evaluate(f, centroid, x[worst], -2, trial);
                evaluations++;
                if (expanded < reflected) {
                    accept(x, v, worst, trial, expanded);
                } else {
                    accept(x, v, worst, reflection, reflected);
                }
            } else if (reflected < v[second]) {
                accept(x, v, worst, trial, reflected);
            } else {
                boolean outside = reflected < v[worst];
                double contracted = evaluate(f, centroid, x[worst], outside ? -0.5 : 0.5, trial);
                evaluations++;
                if (contracted < (outside ? reflected : v[worst])) {
                    accept(x, v, worst, trial, contracted);
                } else {
                    for (int i = 0; i <= n; i++) {
                        if (i != best) {
                            for (int j = 0; j < n; j++) {
                                x[i][j] = x[best][j] + 0.5 * (x[i][j] - x[best][j]);
                            }
                            v[i] = value(f, x[i]);
                            evaluations++;
                        }
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return new Result(x[best], v[best], evaluations);
    }

    /** {@code f} at {@code c + t (w - c)}, the point left in {@code out}. */
    private static double evaluate(ToDoubleFunction<double[]> f, double[] c, double[] w, double t, double[] out) {
        for (int j = 0; j < c.length; j++) {
            out[j] = c[j] + t * (w[j] - c[j]);
        }
        return value(f, out);
    }

    private static void accept(double[][] x, double[] v, int at, double[] point, double value) {
        x[at] = point.clone();
        v[at] = value;
    }

    private static double value(ToDoubleFunction<double[]> f, double[] p) {
        double y = f.applyAsDouble(p);
        return Double.isFinite(y) ? y : Double.MAX_VALUE;
    }
}
