package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Where the likelihood search starts, as R's {@code ets} ({@code initparam}, {@code initstate}).
 * <ul>
 * <li>Seasonal indices: the classical decomposition of the series ({@link Seasonality}) when it
 *     spans three seasons, else the ratio (or difference) of the series to a regression on a line
 *     and one pair of Fourier terms; multiplicative indices at least 0.01.</li>
 * <li>Level and slope: on the seasonally adjusted first {@code max(10, 2m)} values, their mean
 *     without a trend, else the intercept (at time 0) and slope of their least-squares line.</li>
 * <li>Smoothing: {@code alpha = 1e-4 + 0.2 (0.9998) / m}, {@code beta} 10% and {@code gamma} 5% of
 *     the way from their lower bounds to their upper ones, {@code phi = 0.9782}.</li>
 * </ul>
 */
final class EtsStart {
    private static final double FLOOR = 0.01;

    private EtsStart() {
    }

    /** The initial smoothing parameters of {@code spec} with season {@code m} (1 without a season). */
    static EtsFilter.Params params(EtsSpec spec, int m) {
        double alpha = EtsBounds.LOWER + 0.2 * (EtsBounds.UPPER - EtsBounds.LOWER) / m;
        double beta = spec.trended() ? EtsBounds.LOWER + 0.1 * (Math.min(EtsBounds.UPPER, alpha) - EtsBounds.LOWER) : 0;
        double gamma = spec.seasonal()
                ? EtsBounds.LOWER + 0.05 * (Math.min(EtsBounds.UPPER, 1 - alpha) - EtsBounds.LOWER) : 0;
        double phi = spec.trend() == EtsSpec.TrendType.DAMPED
                ? EtsBounds.PHI_LOWER + 0.99 * (EtsBounds.PHI_UPPER - EtsBounds.PHI_LOWER) : 1;
        return new EtsFilter.Params(alpha, beta, gamma, phi);
    }

    /** The initial state of {@code spec} on {@code y} with season {@code m} (1 without a season). */
    static EtsFilter.State state(double[] y, EtsSpec spec, int m) {
        int n = y.length;
        double[] adjusted = y.clone();
        double[] season = {spec.season() == SeasonType.MULTIPLICATIVE ? 1 : 0};
        if (spec.seasonal()) {
            boolean multiplicative = spec.season() == SeasonType.MULTIPLICATIVE;
            double[] seasonal = seasonalComponent(y, m, multiplicative);
            season = new double[m];
            double others = 0;
            for (int j = 1; j < m; j++) {
                season[j] = multiplicative ? Math.max(seasonal[j], FLOOR) : seasonal[j];
                others += season[j];
            }
            if (multiplicative && others > m) {
                // the last index is what the others leave of m: keep it positive
                for (int j = 1; j < m; j++) {
                    season[j] *= (m - 1) / others;
                }
                others = m - 1;
            }
            season[0] = (multiplicative ? m : 0) - others;
            for (int t = 0; t < n; t++) {
                adjusted[t] = multiplicative ? y[t] / Math.max(seasonal[t], FLOOR) : y[t] - seasonal[t];
            }
        }
        int first = Math.min(Math.max(10, 2 * (spec.seasonal() ? m : 1)), n);
        if (!spec.trended()) {
            double sum = 0;
            for (int t = 0; t < first; t++) {
                sum += adjusted[t];
            }
            return new EtsFilter.State(sum / first, 0, season);
        }
        double[] line = line(adjusted, first);
        double level = line[0];
        double slope = line[1];
        if (Math.abs(level + slope) < 1e-8) {
            // a first forecast of zero would stop multiplicative errors
            level *= 1 + 1e-3;
            slope *= 1 - 1e-3;
        }
        return new EtsFilter.State(level, slope, season);
    }

    /** The seasonal component at each position {@code t}: decomposition indices, or the regression's ratios. */
    private static double[] seasonalComponent(double[] y, int m, boolean multiplicative) {
        int n = y.length;
        double[] out = new double[n];
        if (n >= 3 * m) {
            double[] index = multiplicative ? Seasonality.multiplicativeIndices(y, m) : Seasonality.additiveIndices(y, m);
            for (int t = 0; t < n; t++) {
                out[t] = index[t % m];
            }
            return out;
        }
        double[] trend = fourierTrend(y, m);
        for (int t = 0; t < n; t++) {
            double fit = trend[0] + trend[1] * (t + 1);
            out[t] = multiplicative ? y[t] / fit : y[t] - fit;
        }
        return out;
    }

    /** Intercept and slope of {@code y ~ 1 + t + sin(2 pi t / m) + cos(2 pi t / m)}, {@code t = 1..n} (no sine for m = 2). */
    private static double[] fourierTrend(double[] y, int m) {
        int n = y.length;
        int k = m == 2 ? 3 : 4;
        double[][] x = new double[n][k];
        for (int t = 0; t < n; t++) {
            double angle = 2 * Math.PI * (t + 1) / m;
            x[t][0] = 1;
            x[t][1] = t + 1;
            x[t][2] = Math.cos(angle);
            if (k == 4) {
                x[t][3] = Math.sin(angle);
            }
        }
        try {
            double[] b = new QRDecomposition(new Array2DRowRealMatrix(x, false)).getSolver()
                    .solve(new ArrayRealVector(y, false)).toArray();
            return new double[] {b[0], b[1]};
        } catch (SingularMatrixException e) {
            // too few points to tell the season from the line: the line alone
            return line(y, n);
        }
    }

    /** Intercept at {@code t = 0} and slope of the least-squares line through {@code y[0..count)} at {@code t = 1..count}. */
    private static double[] line(double[] y, int count) {
        double tMean = (count + 1) / 2.0;
        double yMean = 0;
        for (int t = 0; t < count; t++) {
            yMean += y[t];
        }
        yMean /= count;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < count; t++) {
            sxy += (t + 1 - tMean) * (y[t] - yMean);
            sxx += (t + 1 - tMean) * (t + 1 - tMean);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {yMean - slope * tMean, slope};
    }
}
