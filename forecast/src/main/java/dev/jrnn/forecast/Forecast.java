package dev.jrnn.forecast;

import dev.jrnn.models.train.NonFiniteException;
import java.time.LocalDateTime;

/**
 * A forecast of one series in its raw units.
 *
 * @param series name of the series
 * @param point  the point forecast for each step ahead (the median for a quantile head)
 * @param lower  lower bound of the prediction interval (equal to {@code point} for a point head)
 * @param upper  upper bound of the prediction interval
 * @param level  the interval's nominal coverage, for example 0.9
 * @param times  the timestamp of each step, or null when the series has none
 */
public record Forecast(String series, double[] point, double[] lower, double[] upper, double level,
                       LocalDateTime[] times) {

    /** Steps forecast. */
    public int horizon() {
        return point.length;
    }

    /**
     * This forecast, when point and bounds are finite at every step.
     *
     * @throws NonFiniteException naming the series, the first step (1-based) and the value that is
     *                            NaN or infinite
     */
    public Forecast requireFinite() {
        String[] names = {"point forecast", "lower bound", "upper bound"};
        double[][] all = {point, lower, upper};
        for (int t = 0; t < point.length; t++) {
            for (int k = 0; k < all.length; k++) {
                if (!Double.isFinite(all[k][t])) {
                    throw new NonFiniteException("forecast of series " + series + " at step " + (t + 1) + " of "
                            + point.length + " is " + all[k][t] + " (the " + names[k] + ")");
                }
            }
        }
        return this;
    }
}
