package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch forecasts of many series with one model. Each series is cut to the observations the model
 * reads on the map side of the shuffle by series ({@link SeriesInput}); each partition then runs its
 * series through the network many at a time ({@link PartitionForecasts}) with the model its JVM
 * loaded once from the broadcast bytes of the saved file. The forecasts equal those of the model's
 * own {@code forecastAll} on the whole series.
 *
 * <pre>{@code
 * BatchForecasts job = BatchForecasts.of(spark, forecaster, 24, BatchOptions.defaults());
 * job.forecast(data, ForecastColumns.defaults()).write().parquet("forecasts");
 * System.out.println(job.seriesForecast() + " series forecast, " + job.seriesSkipped() + " too short");
 * }</pre>
 */
public final class BatchForecasts {
    private final SparkSession spark;
    private final ModelPayload payload;
    private final ForecastModel model;
    private final int horizon;
    private final BatchOptions options;
    private final BatchCounters counters;

    private BatchForecasts(SparkSession spark, ModelPayload payload, ForecastModel model, int horizon,
                           BatchOptions options) {
        if (horizon < 0 || horizon > model.horizon()) {
            throw new IllegalArgumentException("horizon " + horizon + " is outside the model's 1.." + model.horizon());
        }
        this.spark = spark;
        this.payload = payload;
        this.model = model;
        this.horizon = horizon == 0 ? model.horizon() : horizon;
        this.options = options;
        this.counters = new BatchCounters(spark.sparkContext());
        ModelNeeds.tail(model, options.maxHistory());
    }

    /**
     * Forecasts of the next {@code horizon} steps (at most the model's; 0 for the model's) of every
     * series with {@code model}.
     */
    public static BatchForecasts of(SparkSession spark, Forecaster model, int horizon, BatchOptions options) {
        ModelPayload payload = ModelPayload.of(model);
        return new BatchForecasts(spark, payload, load(payload, model.backend()), horizon, options);
    }

    /** {@link #of(SparkSession, Forecaster, int, BatchOptions)} with a forecast model (ensembles, combinations). */
    public static BatchForecasts of(SparkSession spark, ForecastModel model, int horizon, BatchOptions options) {
        return new BatchForecasts(spark, ModelPayload.of(model), model, horizon, options);
    }

    /**
     * Forecasts with the model saved in {@code file}: a forecaster file ({@code Forecaster.save}) or a
     * forecast-model file ({@code ForecastModel.save}), read on the driver on {@code backend}.
     *
     * @param name names the file in messages
     * @throws IOException if the bytes are not such a file
     */
    public static BatchForecasts ofSavedFile(SparkSession spark, String name, byte[] file, Backend backend,
                                             int horizon, BatchOptions options) throws IOException {
        ModelPayload payload = ModelPayload.ofBytes(file, SavedFiles.isForecaster(name, file));
        return new BatchForecasts(spark, payload, payload.load(backend), horizon, options);
    }

    private static ForecastModel load(ModelPayload payload, Backend backend) {
        try {
            return payload.load(backend);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model: " + e.getMessage(), e);
        }
    }

    /**
     * The forecasts of every series of {@code data}: one row per series and step, with the columns
     * {@code columns.seriesId()} (text), {@code columns.time()} (the input's time type, or an index),
     * {@code step} (1 to the horizon), {@code forecast}, {@code lower}, {@code upper} (the model's
     * interval). Lazy, like any Dataset; bad rows fail when it runs, naming the series.
     *
     * @throws IllegalArgumentException at once for a missing column or a column of the wrong type
     */
    public Dataset<Row> forecast(Dataset<Row> data, ForecastColumns columns) {
        TimeKind kind = SeriesInput.kind(data, columns);
        TailSpec spec = ModelNeeds.tail(model, options.maxHistory());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelPayload> shipped = sc.broadcast(payload);
        // an input already clustered by series (unless a partition count is asked for) needs no shuffle
        JavaPairRDD<String, SeriesTail> tails = SeriesInput.tails(data, columns, spec, options);
        JavaRDD<InternalRow> rows = tails
                .mapPartitions(new PartitionForecasts(shipped, options, spec, kind, horizon, counters));
        StructType schema = new StructType()
                .add("series", DataTypes.StringType, false)
                .add("time", kind.hasTimes() ? DataTypes.TimestampNTZType : DataTypes.LongType, true)
                .add("step", DataTypes.IntegerType, false)
                .add("forecast", DataTypes.DoubleType, false)
                .add("lower", DataTypes.DoubleType, false)
                .add("upper", DataTypes.DoubleType, false);
        // Spark's internal rows straight into a Dataset (public in the classic session's bytecode, though
        // internal to Spark): createDataFrame would convert every output row from Java objects
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false)
                .select(col("series").as(columns.seriesId()),
                col("time").cast(kind.outputType()).as(columns.time()), col("step"), col("forecast"), col("lower"),
                col("upper"));
    }

    /** Steps forecast. */
    public int horizon() {
        return horizon;
    }

    /** Series forecast so far (counted as the forecasts are computed; an action runs them). */
    public long seriesForecast() {
        return counters.forecast.value();
    }

    /** Series skipped so far as shorter than the model reads. */
    public long seriesSkipped() {
        return counters.skipped.value();
    }

    /** Some of the series skipped (at most ten per partition). */
    public List<String> skippedExamples() {
        return List.copyOf(counters.skippedNames.value());
    }

    /**
     * Series forecast so far whose times could not all be compared for repeats: their rows came out
     * of time order within an input partition, or several partitions held overlapping stretches of
     * them, beyond what a tail keeps (see the module's README). Zero when the data is laid out by
     * series, or each partition holds few enough rows of each series.
     */
    public long seriesWithTimesUncompared() {
        return counters.timesUncompared.value();
    }
}
