package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.select.GlobalForecaster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a global model's defaults need to know of a whole Dataset of series, by aggregation: the
 * number of series, the shortest and the longest series' length, and whether every value is positive.
 *
 * @param series   series
 * @param shortest observations in the shortest series
 * @param longest  observations in the longest series
 * @param positive whether every value of every series is positive
 */
public record SeriesStatistics(long series, long shortest, long longest, boolean positive) {

    /** The statistics of {@code data}; non-numeric values are left out here (training names them). */
    public static SeriesStatistics of(Dataset<Row> data, ForecastColumns columns) {
        TimeKind kind = SeriesInput.kind(data, columns);
        Dataset<Row> perSeries = SeriesInput.canonical(data, columns, kind).groupBy("id")
                .agg(count(lit(1)).as("n"), min(col("v")).as("lowest"));
        Row all = perSeries.agg(count(lit(1)), min("n"), max("n"), min("lowest")).first();
        if (all.getLong(0) == 0) {
            throw new IllegalArgumentException("the data holds no series");
        }
        return new SeriesStatistics(all.getLong(0), all.getLong(1), all.getLong(2),
                !all.isNullAt(3) && all.getDouble(3) > 0);
    }

    /** {@link GlobalForecaster#defaults(int, int, int, boolean)} for these series. */
    public ForecastConfigBuilder globalDefaults(int season, int horizon) {
        return GlobalForecaster.defaults(season, horizon, (int) Math.min(Integer.MAX_VALUE, shortest), positive);
    }
}
