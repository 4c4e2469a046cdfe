package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.ScalingMode;
import java.io.Serializable;

/**
 * What a series' whole history says about its scaling, gathered by aggregation while the series is
 * cut to its tail: the facts from which {@code SeriesScaling} decides the log and fits a STANDARD
 * scaler ({@code Scaler.standard}) on a whole series.
 *
 * @param length   observations in the whole series
 * @param positive whether every value is positive
 * @param mean     mean of the values
 * @param std      population standard deviation of the values
 * @param logMean  mean of the values' logs (NaN unless positive)
 * @param logStd   population standard deviation of the logs (NaN unless positive)
 */
record HistoryFacts(long length, boolean positive, double mean, double std, double logMean, double logStd)
        implements Serializable {

    /** The log decision {@code config} takes on the whole series: the log option and all values positive. */
    boolean log(ForecastConfig config) {
        return config.log() && positive;
    }

    /**
     * The STANDARD scaler of the whole series under {@code config}: mean and standard deviation of its
     * (log) values, a deviation below 1e-12 taken as 1, as {@code Scaler.standard} fits it.
     */
    Scaler standard(ForecastConfig config) {
        if (config.scaling() != ScalingMode.STANDARD) {
            throw new IllegalStateException("only STANDARD scaling has a scaler per series");
        }
        if (Double.isNaN(mean)) {
            throw new IllegalStateException("the series' moments were not gathered (TailSpec.moments)");
        }
        boolean log = log(config);
        double s = log ? logStd : std;
        return new Scaler(log ? logMean : mean, s > 1e-12 ? s : 1, log, null);
    }
}
