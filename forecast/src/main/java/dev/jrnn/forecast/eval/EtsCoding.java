package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import dev.jrnn.forecast.eval.EtsSpec.TrendType;

/**
 * The free parameters of an ETS model as one unconstrained vector for the optimiser, so that every
 * vector is inside the usual bounds ({@link EtsBounds}): {@code alpha = L + (U - L) sig(v0)},
 * {@code beta = L + (alpha - L) sig(v1)}, {@code gamma = L + (1 - alpha - L) sig(v2)},
 * {@code phi = 0.8 + 0.18 sig(v3)} with {@code sig(v) = 1 / (1 + e^-v)}; then the initial level,
 * slope and the seasonal indices of phases {@code 1..m-1}, additive states divided by
 * {@code scale}. The index of phase 0 is what the others leave: {@code -sum} (additive) or
 * {@code m - sum} (multiplicative), so that a season sums to 0 or averages 1.
 */
final class EtsCoding {
    private final EtsSpec spec;
    private final int m;
    private final double scale;

    /**
     * @param m     season length, 1 without a season
     * @param scale the unit of the additive states in the vector
     */
    EtsCoding(EtsSpec spec, int m, double scale) {
        this.spec = spec;
        this.m = m;
        this.scale = scale;
    }

    /** Smoothing parameters estimated: alpha, and beta, gamma, phi where the model has them. */
    int smoothing() {
        return 1 + (spec.trended() ? 1 : 0) + (spec.seasonal() ? 1 : 0) + (spec.trend() == TrendType.DAMPED ? 1 : 0);
    }

    /** Length of the vector: the smoothing parameters and the free initial states. */
    int size() {
        return smoothing() + 1 + (spec.trended() ? 1 : 0) + (spec.seasonal() ? m - 1 : 0);
    }

    double[] encode(EtsFilter.Params p, EtsFilter.State s) {
        double[] v = new double[size()];
        int i = 0;
        v[i++] = logit(p.alpha(), EtsBounds.LOWER, EtsBounds.UPPER);
        if (spec.trended()) {
            v[i++] = logit(p.beta(), EtsBounds.LOWER, p.alpha());
        }
        if (spec.seasonal()) {
            v[i++] = logit(p.gamma(), EtsBounds.LOWER, 1 - p.alpha());
        }
        if (spec.trend() == TrendType.DAMPED) {
            v[i++] = logit(p.phi(), EtsBounds.PHI_LOWER, EtsBounds.PHI_UPPER);
        }
        v[i++] = s.level() / scale;
        if (spec.trended()) {
            v[i++] = s.slope() / scale;
        }
        if (spec.seasonal()) {
            for (int j = 1; j < m; j++) {
                v[i++] = s.season()[j] / seasonUnit();
            }
        }
        return v;
    }

    EtsFilter.Params params(double[] v) {
        int i = 0;
        double alpha = within(v[i++], EtsBounds.LOWER, EtsBounds.UPPER);
        double beta = spec.trended() ? within(v[i++], EtsBounds.LOWER, alpha) : 0;
        double gamma = spec.seasonal() ? within(v[i++], EtsBounds.LOWER, 1 - alpha) : 0;
        double phi = spec.trend() == TrendType.DAMPED ? within(v[i], EtsBounds.PHI_LOWER, EtsBounds.PHI_UPPER) : 1;
        return new EtsFilter.Params(alpha, beta, gamma, phi);
    }

    EtsFilter.State state(double[] v) {
        int i = smoothing();
        double level = v[i++] * scale;
        double slope = spec.trended() ? v[i++] * scale : 0;
        double[] season = new double[m];
        if (spec.seasonal()) {
            double sum = 0;
            for (int j = 1; j < m; j++) {
                season[j] = v[i++] * seasonUnit();
                sum += season[j];
            }
            season[0] = (spec.season() == SeasonType.MULTIPLICATIVE ? m : 0) - sum;
        }
        return new EtsFilter.State(level, slope, season);
    }

    /** The optimiser's first steps along each coordinate. */
    double[] steps() {
        double[] steps = new double[size()];
        int i = 0;
        for (; i < smoothing(); i++) {
            steps[i] = 1;
        }
        steps[i++] = 1;
        if (spec.trended()) {
            steps[i++] = 0.1;
        }
        while (i < steps.length) {
            steps[i++] = spec.season() == SeasonType.MULTIPLICATIVE ? 0.05 : 0.5;
        }
        return steps;
    }

    private double seasonUnit() {
        return spec.season() == SeasonType.MULTIPLICATIVE ? 1 : scale;
    }

    private static double within(double v, double low, double high) {
        return low + (high - low) / (1 + Math.exp(-v));
    }

    private static double logit(double value, double low, double high) {
        double u = Math.min(Math.max((value - low) / (high - low), 1e-6), 1 - 1e-6);
        return Math.log(u / (1 - u));
    }
}
