package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.ErrorType;
import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import dev.jrnn.forecast.eval.EtsSpec.TrendType;

/**
 * The recursions of an ETS model in error-correction form (Hyndman et al. 2008, tables 2.2 and
 * 2.3), the same for both error types. With {@code q = l + phi b} ({@code l} without a trend) and
 * {@code s = s(t-m)}, the one-step forecast is {@code f = q}, {@code q + s} or {@code q s}; then
 * <pre>
 *   l(t) = q + alpha (p - q),            p = y, y - s or y / s
 *   b(t) = phi b + (beta / alpha) (l(t) - l(t-1) - phi b)
 *   s(t) = s + gamma (u - s),            u = y - q or y / q
 * </pre>
 * The innovation is {@code e = y - f} (additive errors) or {@code (y - f) / f} (multiplicative), and
 * twice the negative log-likelihood, given the initial state, is
 * {@code n log(2 pi sum e^2 / n) + n + 2 sum log|f|}, the last sum for multiplicative errors only.
 */
final class EtsFilter {
    /** Below this a divisor counts as zero. */
    private static final double TINY = 1e-10;
    /** What a division by a zero divisor yields. */
    private static final double HUGE = 1e10;

    private EtsFilter() {
    }

    /**
     * Smoothing parameters; {@code beta = 0} without a trend, {@code gamma = 0} without a season,
     * {@code phi = 1} without damping.
     */
    record Params(double alpha, double beta, double gamma, double phi) {
    }

    /**
     * A state: level, slope ({@code 0} without a trend) and the {@code m} seasonal indices in the
     * order they apply, {@code season[j]} to the {@code j}-th observation from here ({@code 0} or
     * {@code 1} throughout without a season, {@code m = 1}).
     */
    record State(double level, double slope, double[] season) {
    }

    /**
     * A run over a series.
     *
     * @param sse       {@code sum e^2}
     * @param logFitted {@code sum log|f|}
     * @param residuals the innovations {@code e}, or null when not asked for
     * @param end       the state after the last observation
     */
    record Run(double sse, double logFitted, double[] residuals, State end) {

        /** {@code -2 log L} up to the constant {@code n (log(2 pi / n) + 1)}: {@code n log(sse) + 2 sum log|f|}. */
        double criterion(int n, ErrorType error) {
            double v = n * Math.log(sse) + (error == ErrorType.MULTIPLICATIVE ? 2 * logFitted : 0);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }

        /** {@code -2 log L} of the Gaussian innovations with their maximum-likelihood variance. */
        double minusTwoLogLikelihood(int n, ErrorType error) {
            return criterion(n, error) + n * (Math.log(2 * Math.PI / n) + 1);
        }
    }

    /** The one-step forecasts {@code f} of a model with additive errors run over {@code y} from {@code start}. */
    static double[] fitted(double[] y, EtsSpec additive, Params p, State start) {
        double[] e = run(y, additive, p, start, true).residuals();
        double[] f = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            f[t] = y[t] - e[t];
        }
        return f;
    }

    /** Runs the model over {@code y} from {@code start}. */
    static Run run(double[] y, EtsSpec spec, Params p, State start, boolean keepResiduals) {
        int m = start.season().length;
        boolean additiveSeason = spec.season() == SeasonType.ADDITIVE;
        boolean multiplicativeSeason = spec.season() == SeasonType.MULTIPLICATIVE;
        boolean trended = spec.trend() != TrendType.NONE;
        boolean multiplicativeError = spec.error() == ErrorType.MULTIPLICATIVE;
        double alpha = p.alpha();
        double slopeGain = trended ? p.beta() / alpha : 0;
        double gamma = p.gamma();
        double phi = p.phi();
        double level = start.level();
        double slope = start.slope();
        double[] season = start.season().clone();
        double[] residuals = keepResiduals ? new double[y.length] : null;
        double sse = 0;
        double logFitted = 0;
        double product = 1;
        int phase = 0;
        for (int t = 0; t < y.length; t++) {
            double s = season[phase];
            double damped = trended ? phi * slope : 0;
            double q = level + damped;
            double f = additiveSeason ? q + s : multiplicativeSeason ? q * s : q;
            double e = multiplicativeError ? (y[t] - f) / f : y[t] - f;
            if (keepResiduals) {
                residuals[t] = e;
            }
            sse += e * e;
            product *= Math.abs(f);
            if (!(product > 1e-100 && product < 1e100)) {
                // one logarithm per run of factors, not one per step
                logFitted += Math.log(product);
                product = 1;
            }
            double target;
            if (additiveSeason) {
                target = y[t] - s;
            } else if (multiplicativeSeason) {
                target = Math.abs(s) < TINY ? HUGE : y[t] / s;
            } else {
                target = y[t];
            }
            double previous = level;
            level = q + alpha * (target - q);
            if (trended) {
                slope = damped + slopeGain * (level - previous - damped);
            }
            if (additiveSeason) {
                season[phase] = s + gamma * (y[t] - q - s);
            } else if (multiplicativeSeason) {
                season[phase] = s + gamma * ((Math.abs(q) < TINY ? HUGE : y[t] / q) - s);
            }
            if (++phase == m) {
                phase = 0;
            }
        }
        logFitted += Math.log(product);
        double[] next = new double[m];
        for (int j = 0; j < m; j++) {
            next[j] = season[(y.length + j) % m];
        }
        return new Run(sse, logFitted, residuals, new State(level, slope, next));
    }
}
