package dev.jrnn.forecast.network;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.eval.Normal;
import java.util.Arrays;

/**
 * Reads a point forecast and an interval from one target's head outputs, in the scaled space.
 * POINT gives no interval (both bounds equal the point); GAUSSIAN gives {@code mu +- z sigma}
 * (the scale {@code sigma = softplus(rho) + 1e-3} of the head's loss)
 * with {@code z} the normal quantile of {@code (1 + level) / 2}; QUANTILE gives the median (the
 * level nearest 0.5) and the levels nearest {@code (1 -+ level) / 2}, after sorting.
 */
final class HeadDecoder {
    private final ForecastConfig config;
    private final int lowIndex;
    private final int midIndex;
    private final int highIndex;
    private final double z;

    HeadDecoder(ForecastConfig config) {
        this.config = config;
        double[] q = config.quantiles();
        this.lowIndex = nearest(q, (1 - config.intervalLevel()) / 2);
        this.midIndex = nearest(q, 0.5);
        this.highIndex = nearest(q, (1 + config.intervalLevel()) / 2);
        this.z = Normal.quantile((1 + config.intervalLevel()) / 2);
    }

    /** Writes point, lower and upper of target {@code i} of {@code out} to index {@code t} of the arrays. */
    void decode(double[] out, int i, double[] point, double[] lower, double[] upper, int t) {
        switch (config.output()) {
            case POINT -> {
                point[t] = out[i];
                lower[t] = out[i];
                upper[t] = out[i];
            }
            case GAUSSIAN -> {
                double mu = out[2 * i];
                double sigma = ForecastNetwork.GAUSSIAN.scale(out[2 * i + 1]);
                point[t] = mu;
                lower[t] = mu - z * sigma;
                upper[t] = mu + z * sigma;
            }
            case QUANTILE -> {
                int k = config.quantiles().length;
                double[] v = Arrays.copyOfRange(out, i * k, (i + 1) * k);
                Arrays.sort(v);
                point[t] = v[midIndex];
                lower[t] = v[lowIndex];
                upper[t] = v[highIndex];
            }
        }
    }

    private static int nearest(double[] levels, double target) {
        int best = 0;
        for (int i = 1; i < levels.length; i++) {
            if (Math.abs(levels[i] - target) < Math.abs(levels[best] - target)) {
                best = i;
            }
        }
        return best;
    }
}
