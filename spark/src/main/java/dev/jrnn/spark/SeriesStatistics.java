package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.percentile_approx;

import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.data.TimeStep;
import dev.jrnn.forecast.select.GlobalForecaster;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a global model's defaults need to know of a whole Dataset of series, by aggregation: the
 * number of series, the shortest, median and longest series' length, whether every value is
 * positive, and the time step of the series of the smallest id (the one whose calendar the model
 * follows).
 *
 * @param series       series
 * @param shortest     observations in the shortest series
 * @param median       observations in the median series (approximate, within a ten-thousandth of the ranks)
 * @param longest      observations in the longest series
 * @param positive     whether every value of every series is positive
 * @param shortestId   the id of a shortest series
 * @param firstId      the smallest id
 * @param timestamps   whether the time column holds times (not an integer index)
 * @param step         the time step of the series {@code firstId}, empty for an index time column or a
 *                     series of fewer than two readable times
 */
public record SeriesStatistics(long series, long shortest, long median, long longest, boolean positive,
                               String shortestId, String firstId, boolean timestamps, Optional<TimeStep> step) {
    /** The latest observations of the first series whose spacing gives the time step. */
    static final int STEP_SAMPLE = 10_000;

    /** The statistics of {@code data}; non-numeric values are left out here (training names them). */
    public static SeriesStatistics of(Dataset<Row> data, ForecastColumns columns) {
        TimeKind kind = SeriesInput.kind(data, columns);
        Dataset<Row> canonical = SeriesInput.canonical(data, columns, kind);
        Dataset<Row> perSeries = canonical.groupBy("id").agg(count(lit(1)).as("n"), min(col("v")).as("lowest"));
        Row all = perSeries.agg(count(lit(1)), min("n"), max("n"), min("lowest"),
                percentile_approx(col("n"), lit(0.5), lit(10_000)), min_by(col("id"), col("n")), min(col("id"))).first();
        if (all.getLong(0) == 0) {
            throw new IllegalArgumentException("the data holds no series");
        }
        String firstId = all.getString(6);
        return new SeriesStatistics(all.getLong(0), all.getLong(1), all.getLong(4), all.getLong(2),
                !all.isNullAt(3) && all.getDouble(3) > 0, all.getString(5), firstId, kind.hasTimes(),
                kind.hasTimes() ? step(canonical, firstId) : Optional.empty());
    }

    /** The step of the latest {@value #STEP_SAMPLE} times of series {@code id}, if it has two. */
    private static Optional<TimeStep> step(Dataset<Row> canonical, String id) {
        List<Row> latest = canonical.filter(col("id").equalTo(id).and(col("t").isNotNull())).select("t")
                .orderBy(col("t").desc()).limit(STEP_SAMPLE).collectAsList();
        LocalDateTime[] times = latest.stream().map(r -> (LocalDateTime) r.get(0)).distinct().sorted()
                .toArray(LocalDateTime[]::new);
        return times.length < 2 ? Optional.empty() : Optional.of(TimeStep.infer(id, times));
    }

    /** {@link GlobalForecaster#defaults(int, int, int, boolean)} for these series. */
    public ForecastConfigBuilder globalDefaults(int season, int horizon) {
        return GlobalForecaster.defaults(season, horizon, (int) Math.min(Integer.MAX_VALUE, shortest), positive);
    }

    /**
     * Whether the shortest series limits every series' input window to {@code inputLength}
     * ({@link GlobalForecaster.ShortSeriesLimit}); empty where the input length was {@code chosen} by hand.
     */
    public Optional<GlobalForecaster.ShortSeriesLimit> shortSeriesLimit(int season, int horizon, int inputLength,
                                                                       boolean chosen) {
        return GlobalForecaster.ShortSeriesLimit.of(season, horizon, shortestId, shortest, median, inputLength, chosen);
    }
}
