package dev.jrnn.forecast.eval;

/**
 * The parameter space R's {@code ets} searches ({@code bounds = "both"}): the usual bounds
 * {@code 1e-4 <= alpha <= 0.9999}, {@code 1e-4 <= beta <= alpha}, {@code 1e-4 <= gamma <= 1 - alpha},
 * {@code 0.8 <= phi <= 0.98}, intersected with the admissible region of Hyndman, Akram and
 * Archibald (2008), where the forecasts stay stable.
 */
final class EtsBounds {
    static final double LOWER = 1e-4;
    static final double UPPER = 0.9999;
    static final double PHI_LOWER = 0.8;
    static final double PHI_UPPER = 0.98;

    private EtsBounds() {
    }

    /**
     * Whether a seasonal model with season {@code m} and these parameters ({@code beta = 0}
     * without a trend, {@code phi = 1} without damping) is admissible:
     * {@code max(1 - 1/phi - alpha, 0) <= gamma <= 1 + 1/phi - alpha},
     * {@code alpha >= 1 - 1/phi - gamma (1 - m + phi + phi m) / (2 phi m)},
     * {@code beta >= -(1 - phi)(gamma / m + alpha)}, and every root of
     * <pre>
     *   z^(m+1) + (alpha + beta - phi) z^m + (alpha + beta - alpha phi) (z^(m-1) + ... + z^2)
     *           + (alpha + beta - alpha phi + gamma - 1) z + phi (1 - alpha - gamma)
     * </pre>
     * within {@code |z| <= 1 + 1e-10}, as R checks it. Without a trend {@code z = 1} is always a root
     * (the level's); it is divided out before the test. Non-seasonal models within the usual bounds
     * are always admissible.
     */
    static boolean admissibleSeasonal(double alpha, double beta, double gamma, double phi, int m) {
        if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) {
            return false;
        }
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
            return false;
        }
        if (beta < -(1 - phi) * (gamma / m + alpha)) {
            return false;
        }
        double[] c = new double[m + 2];
        c[0] = phi * (1 - alpha - gamma);
        c[1] = alpha + beta - alpha * phi + gamma - 1;
        for (int k = 2; k < m; k++) {
            c[k] = alpha + beta - alpha * phi;
        }
        c[m] = alpha + beta - phi;
        c[m + 1] = 1;
        if (beta == 0 && phi == 1) {
            c = withoutUnitRoot(c);
        }
        return rootsWithin(c, 1 + 1e-10);
    }

    /** The quotient of {@code c[0] + ... + c[d] z^d} by {@code z - 1} (synthetic division; the remainder is dropped). */
    static double[] withoutUnitRoot(double[] c) {
        int d = c.length - 1;
        double[] q = new double[d];
        q[d - 1] = c[d];
        for (int k = d - 1; k >= 1; k--) {
            q[k - 1] = c[k] + q[k];
        }
        return q;
    }

    /**
     * Whether every root of {@code c[0] + c[1] z + ... + c[d] z^d} ({@code c[d] != 0}) has modulus
     * below {@code radius}: the roots of {@code p(radius z)} inside the unit circle, by the Schur-Cohn
     * test: true iff {@code |c[0]| < |c[d]|} and, recursively, for {@code (c[d] p(z) - c[0] z^d p(1/z)) / z}.
     */
    static boolean rootsWithin(double[] c, double radius) {
        double[] p = new double[c.length];
        double[] next = new double[c.length];
        double r = 1;
        for (int k = 0; k < c.length; k++) {
            p[k] = c[k] * r;
            r *= radius;
        }
        for (int d = p.length - 1; d > 0; d--) {
            double reflection = p[0] / p[d];
            if (!(Math.abs(reflection) < 1)) {
                return false;
            }
            for (int k = 0; k < d; k++) {
                next[k] = p[k + 1] - reflection * p[d - k - 1];
            }
            double[] swap = p;
            p = next;
            next = swap;
        }
        return true;
    }
}
