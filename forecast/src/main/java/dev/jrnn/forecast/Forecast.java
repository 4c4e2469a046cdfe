package dev.jrnn.forecast;

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
}
