package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * jrnn on Apache Spark, in one call each: forecasts of every series of a Dataset, and one global
 * model trained over all of them across the cluster. {@link BatchForecasts}, {@link DistributedTrainer}
 * and {@link DistributedSelection} take more options.
 *
 * <pre>{@code
 * Dataset<Row> data = spark.read().parquet("sales");                  // series_id, time, value
 * Forecaster model = Forecaster.load(Backends.get(), Path.of("sales.jrnn"));
 * JrnnSpark.forecast(data, ForecastColumns.defaults(), model, 24)     // series_id, time, step, forecast, lower, upper
 *         .write().parquet("forecasts");
 * }</pre>
 */
public final class JrnnSpark {
    private JrnnSpark() {
    }

    /**
     * The next {@code horizon} steps of every series of {@code data} (long format: one row per
     * observation), forecast by {@code model} with {@link BatchOptions#defaults()}; see
     * {@link BatchForecasts#forecast} for the rows.
     */
    public static Dataset<Row> forecast(Dataset<Row> data, ForecastColumns columns, Forecaster model, int horizon) {
        return BatchForecasts.of(data.sparkSession(), model, horizon, BatchOptions.defaults()).forecast(data, columns);
    }

    /** {@link #forecast(Dataset, ForecastColumns, Forecaster, int)} with a forecast model (ensembles, combinations). */
    public static Dataset<Row> forecast(Dataset<Row> data, ForecastColumns columns, ForecastModel model, int horizon) {
        return BatchForecasts.of(data.sparkSession(), model, horizon, BatchOptions.defaults()).forecast(data, columns);
    }

    /**
     * One global forecaster trained over every series of {@code data} under {@code config} (its
     * epochs, learning rate, clipping) with {@link DistributedTraining#defaults()}: the forecaster's
     * recipe, one local step of 128 windows per partition per round.
     */
    public static Forecaster train(Dataset<Row> data, ForecastColumns columns, ForecastConfig config) {
        return DistributedTrainer.fit(data, columns, config, DistributedTraining.defaults()).model();
    }
}
