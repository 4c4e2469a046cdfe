package dev.jrnn.forecast.eval;

/**
 * The exact Gaussian likelihood of a zero-mean ARMA process
 * {@code w_t = sum_i a_i w_(t-i) + e_t + sum_j b_j e_(t-j)}, {@code e_t ~ N(0, sigma^2)}, by the
 * Kalman filter on the state space of Gardner, Harvey and Phillips (1980), as R's {@code arima}
 * computes it for {@code method = "ML"} and {@code "CSS-ML"}: with {@code r = max(p, q + 1)}, the
 * state {@code alpha_t} of length {@code r}, {@code w_t = alpha_t[0]},
 * {@code alpha_(t+1) = T alpha_t + R e_(t+1)}, {@code T} the companion matrix of {@code a} (first
 * column {@code a}, ones above the diagonal), {@code R = (1, b_1, ..., b_(r-1))}, and the filter started
 * at {@code alpha = 0} with the stationary covariance {@code P_0 = T P_0 T' + R R'}. With the
 * one-step errors {@code v_t} and their variances {@code sigma^2 F_t},
 * {@code sigma^2} is concentrated out: {@code sigma^2 = (1/n) sum v_t^2 / F_t} and
 * {@code log L = -(n/2) (log(2 pi sigma^2) + 1) - (1/2) sum log F_t}.
 */
final class ArmaLikelihood {
    private static final int MAX_DOUBLINGS = 64;
    private static final double CONVERGED = 1e-14;

    /**
     * The filter's outcome.
     *
     * @param sumOfSquares {@code sum v_t^2 / F_t}
     * @param sumLogF      {@code sum log F_t}
     * @param n            observations
     * @param state        the filtered state after the last observation, {@code E[alpha_n | w_1..w_n]}
     */
    record Value(double sumOfSquares, double sumLogF, int n, double[] state) {
        /** {@code sigma^2}, the innovations' variance at its maximum-likelihood value. */
        double sigma2() {
            return sumOfSquares / n;
        }

        /** {@code -log L / n} up to a constant, what R's {@code arima} minimises: {@code (1/2)(log sigma^2 + (1/n) sum log F_t)}. */
        double objective() {
            return 0.5 * (Math.log(sigma2()) + sumLogF / n);
        }

        /** {@code log L} at the concentrated {@code sigma^2}. */
        double logLikelihood() {
            return -0.5 * (n * (Math.log(2 * Math.PI * sigma2()) + 1) + sumLogF);
        }
    }

    private ArmaLikelihood() {
    }

    /**
     * Filters {@code w} (already differenced and centred) through the ARMA model.
     *
     * @param a the autoregressive coefficients {@code a_1..a_p} of a stationary model
     * @param b the moving-average coefficients {@code b_1..b_q}
     */
    static Value of(double[] w, double[] a, double[] b) {
        int r = Math.max(a.length, b.length + 1);
        double[] phi = new double[r];
        System.arraycopy(a, 0, phi, 0, a.length);
        double[] loading = new double[r];
        loading[0] = 1;
        System.arraycopy(b, 0, loading, 1, b.length);
        double[][] p = stationaryCovariance(phi, loading);
        double[] state = new double[r];
        double[] next = new double[r];
        double[][] tp = new double[r][r];
        double[][] pNext = new double[r][r];
        double ssq = 0;
        double sumLog = 0;
        for (int t = 0; t < w.length; t++) {
            for (int i = 0; i < r; i++) {
                next[i] = phi[i] * state[0] + (i + 1 < r ? state[i + 1] : 0);
            }
            if (t > 0) {
                predictCovariance(phi, loading, p, tp, pNext);
            } else {
                copy(p, pNext);
            }
            double f = pNext[0][0];
            double v = w[t] - next[0];
            ssq += v * v / f;
            sumLog += Math.log(f);
            for (int i = 0; i < r; i++) {
                state[i] = next[i] + pNext[i][0] * v / f;
            }
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    p[i][j] = pNext[i][j] - pNext[i][0] * pNext[0][j] / f;
                }
            }
        }
        return new Value(ssq, sumLog, w.length, state);
    }

    /** The state after {@code steps} more steps without innovations: {@code T^steps state}, its first element each step. */
    static double[] forecast(double[] state, double[] a, int steps) {
        int r = state.length;
        double[] phi = new double[r];
        System.arraycopy(a, 0, phi, 0, Math.min(a.length, r));
        double[] s = state.clone();
        double[] out = new double[steps];
        for (int k = 0; k < steps; k++) {
            double first = s[0];
            for (int i = 0; i < r; i++) {
                s[i] = phi[i] * first + (i + 1 < r ? s[i + 1] : 0);
            }
            out[k] = s[0];
        }
        return out;
    }

    /** {@code T P T' + R R'}, in {@code O(r^2)} from {@code T}'s companion form. */
    private static void predictCovariance(double[] phi, double[] loading, double[][] p, double[][] tp, double[][] out) {
        int r = phi.length;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                tp[i][j] = phi[i] * p[0][j] + (i + 1 < r ? p[i + 1][j] : 0);
            }
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                out[i][j] = tp[i][0] * phi[j] + (j + 1 < r ? tp[i][j + 1] : 0) + loading[i] * loading[j];
            }
        }
    }

    /**
     * The solution of {@code P = T P T' + R R'} by doubling: {@code P = sum_k T^k R R' T'^k}, summed
     * as {@code P <- P + A P A'}, {@code A <- A^2} until the added term vanishes (a stationary
     * {@code T} has all eigenvalues inside the unit circle, so the sum converges).
     */
    static double[][] stationaryCovariance(double[] phi, double[] loading) {
        int r = phi.length;
        double[][] p = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                p[i][j] = loading[i] * loading[j];
            }
        }
        double[][] t = new double[r][r];
        for (int i = 0; i < r; i++) {
            t[i][0] = phi[i];
            if (i + 1 < r) {
                t[i][i + 1] = 1;
            }
        }
        for (int k = 0; k < MAX_DOUBLINGS; k++) {
            double[][] added = multiply(multiply(t, p), transpose(t));
            double size = 0;
            double total = 0;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    size = Math.max(size, Math.abs(added[i][j]));
                    p[i][j] += added[i][j];
                    total = Math.max(total, Math.abs(p[i][j]));
                }
            }
            if (size <= CONVERGED * total) {
                break;
            }
            t = multiply(t, t);
        }
        return p;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int r = x.length;
        double[][] out = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < r; k++) {
                double v = x[i][k];
                if (v != 0) {
                    for (int j = 0; j < r; j++) {
                        out[i][j] += v * y[k][j];
                    }
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] x) {
        int r = x.length;
        double[][] out = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                out[j][i] = x[i][j];
            }
        }
        return out;
    }

    private static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }
    }
}
