package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.ErrorType;
import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * The best initial state for given smoothing parameters, for models without a multiplicative
 * season. Their recursions are linear in the state and the data, so the one-step forecasts are
 * affine in the free initial states {@code x0 = (l, b, s_1, ..., s_(m-1))}:
 * {@code f(t) = c(t) + G(t) x0}, where {@code c} are the forecasts from a zero state and column
 * {@code j} of {@code G} those of unit state {@code j} on zero data. With additive errors the
 * likelihood is then maximised by the least-squares {@code x0} of {@code y - c = G x0}; with
 * multiplicative ones, whose criterion {@code n log sum ((y - f) / f)^2 + 2 sum log f} is not
 * quadratic, by reweighted least squares with weights {@code 1 / f^2}, as an approximation that
 * the caller checks against the criterion.
 */
final class EtsLeastSquares {
    private static final int REWEIGHTINGS = 3;

    private EtsLeastSquares() {
    }

    /** Whether {@link #state} applies to {@code spec}. */
    static boolean applies(EtsSpec spec) {
        return spec.season() != SeasonType.MULTIPLICATIVE;
    }

    /**
     * The initial state that fits {@code y} best under {@code p}, or null when the regression is
     * singular.
     *
     * @param m       season length, 1 without a season
     * @param current the state whose forecasts weight the first multiplicative-error fit
     */
    static EtsFilter.State state(double[] y, EtsSpec spec, EtsFilter.Params p, int m, EtsFilter.State current) {
        EtsSpec linear = new EtsSpec(ErrorType.ADDITIVE, spec.trend(), spec.season());
        int free = 1 + (spec.trended() ? 1 : 0) + (spec.seasonal() ? m - 1 : 0);
        int n = y.length;
        double[] base = EtsFilter.fitted(y, linear, p, new EtsFilter.State(0, 0, new double[m]));
        double[][] g = new double[n][free];
        double[] zeros = new double[n];
        for (int j = 0; j < free; j++) {
            double[] f = EtsFilter.fitted(zeros, linear, p, unit(spec, m, j));
            for (int t = 0; t < n; t++) {
                g[t][j] = f[t];
            }
        }
        EtsFilter.State state = current;
        int rounds = spec.error() == ErrorType.ADDITIVE ? 1 : REWEIGHTINGS;
        for (int round = 0; round < rounds; round++) {
            double[] f = EtsFilter.fitted(y, linear, p, state);
            double[][] a = new double[n][free];
            double[] b = new double[n];
            for (int t = 0; t < n; t++) {
                double w = spec.error() == ErrorType.ADDITIVE ? 1 : 1 / Math.abs(f[t]);
                if (!Double.isFinite(w)) {
                    return null;
                }
                for (int j = 0; j < free; j++) {
                    a[t][j] = g[t][j] * w;
                }
                b[t] = (y[t] - base[t]) * w;
            }
            double[] x;
            try {
                x = new QRDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
                        .solve(new ArrayRealVector(b, false)).toArray();
            } catch (SingularMatrixException e) {
                return null;
            }
            state = state(spec, m, x);
        }
        return state;
    }

    /** The state of unit free state {@code j}, zero elsewhere (phase 0's index follows the constraint). */
    private static EtsFilter.State unit(EtsSpec spec, int m, int j) {
        double[] x = new double[1 + (spec.trended() ? 1 : 0) + (spec.seasonal() ? m - 1 : 0)];
        x[j] = 1;
        return state(spec, m, x);
    }

    private static EtsFilter.State state(EtsSpec spec, int m, double[] x) {
        int i = 0;
        double level = x[i++];
        double slope = spec.trended() ? x[i++] : 0;
        double[] season = new double[m];
        if (spec.seasonal()) {
            double sum = 0;
            for (int j = 1; j < m; j++) {
                season[j] = x[i++];
                sum += season[j];
            }
            season[0] = -sum;
        }
        return new EtsFilter.State(level, slope, season);
    }
}
