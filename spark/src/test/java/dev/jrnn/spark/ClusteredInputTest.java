package dev.jrnn.spark;

import static dev.jrnn.spark.FailureMessages.assertMentions;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@DisplayName("an input clustered by series is forecast without a shuffle, as with one")
class ClusteredInputTest {
    private static final String AUTO_BUCKETED_SCAN = "spark.sql.sources.bucketing.autoBucketedScan.enabled";
    private static SparkSession spark;
    private static Forecaster model;
    private static List<Spec> specs;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        ForecastConfig config = ForecastConfig.builder(24, 4).inputLength(48).stepSize(24).hidden(6)
                .scaling(ScalingMode.STANDARD).log(true).covariates(Covariates.SIN_COS).epochs(1)
                .windowsPerSeries(4).batchSize(16).dtype(DType.FLOAT64).seed(5).build();
        model = ForecastTrainer.fit(Backends.get("ejml"), config,
                List.of(new Spec("train", 200, 24, true, 3, false).series()), null);
        specs = new ArrayList<>(SyntheticSeries.specs(120, 48, 400, 24, true, 41));
        specs.add(new Spec("short", 20, 24, true, 42, false));
        specs.add(new Spec("long", 2_000, 24, true, 43, false));
    }

    /** The forecasts' rows by series and step, and whether the job shuffled the series. */
    private record Run(Map<String, Row> rows, long forecast, long skipped, boolean shuffled) {
    }

    private static Run forecast(Dataset<Row> data, BatchOptions options) {
        BatchForecasts job = BatchForecasts.of(spark, model, 4, options.withBatchSize(50));
        Dataset<Row> out = job.forecast(data, ForecastColumns.defaults());
        boolean shuffled = out.rdd().toDebugString().contains("ShuffledRDD");
        Map<String, Row> rows = new HashMap<>();
        for (Row r : out.collectAsList()) {
            rows.put(r.getString(0) + "/" + r.getInt(2), r);
        }
        return new Run(rows, job.seriesForecast(), job.seriesSkipped(), shuffled);
    }

    /**
     * The same rows: the same series, steps and times, the numbers within a relative 1e-9 (a STANDARD
     * scaler's moments summed in another order differ in the last bits).
     */
    private static void assertSame(Run expected, Run actual) {
        assertEquals(expected.rows().keySet(), actual.rows().keySet());
        for (Map.Entry<String, Row> e : expected.rows().entrySet()) {
            Row a = actual.rows().get(e.getKey());
            assertEquals(e.getValue().get(1), a.get(1), e.getKey() + " time");
            for (int c = 3; c < 6; c++) {
                double x = e.getValue().getDouble(c);
                assertEquals(x, a.getDouble(c), 1e-9 * Math.max(1, Math.abs(x)), e.getKey() + " column " + c);
            }
        }
        assertEquals(expected.forecast(), actual.forecast());
        assertEquals(expected.skipped(), actual.skipped());
    }

    @Test
    @DisplayName("repartitioned by the id (rows of a series out of order within a partition): no shuffle, the same forecasts")
    void repartitionedById() {
        Dataset<Row> data = SyntheticSeries.rows(spark, specs, 4).repartition(3, col("series_id"));
        assertTrue(InputClustering.bySeries(data, ForecastColumns.defaults()));
        Run inPlace = forecast(data, BatchOptions.defaults());
        Run shuffled = forecast(data, BatchOptions.defaults().withPartitions(2));
        assertFalse(inPlace.shuffled(), "an input clustered by series is not shuffled again");
        assertTrue(shuffled.shuffled(), "a partition count asked for is honoured with a shuffle");
        assertEquals(specs.size() - 1, inPlace.forecast());
        assertEquals(1, inPlace.skipped());
        assertSame(shuffled, inPlace);
    }

    @Test
    @DisplayName("a Parquet table bucketed by the id, read with its buckets: column batches folded in place")
    void bucketedTable(@TempDir Path dir) {
        Dataset<Row> data = SyntheticSeries.rows(spark, specs, 4);
        data.write().bucketBy(4, "series_id").sortBy("series_id", "time").option("path", dir.toString())
                .saveAsTable("clustered_input_test");
        String before = spark.conf().get(AUTO_BUCKETED_SCAN);
        try {
            Dataset<Row> table = spark.table("clustered_input_test");
            assertFalse(InputClustering.bySeries(table, ForecastColumns.defaults()),
                    "Spark reads a bucketed table without its buckets where the query does not need them");
            Run shuffled = forecast(table, BatchOptions.defaults());
            assertTrue(shuffled.shuffled());

            spark.conf().set(AUTO_BUCKETED_SCAN, "false");
            table = spark.table("clustered_input_test");
            assertTrue(InputClustering.bySeries(table, ForecastColumns.defaults()));
            Run inPlace = forecast(table, BatchOptions.defaults());
            assertFalse(inPlace.shuffled());
            assertSame(shuffled, inPlace);
        } finally {
            spark.conf().set(AUTO_BUCKETED_SCAN, before);
            spark.sql("DROP TABLE clustered_input_test");
        }
    }

    @Test
    @DisplayName("inputs Spark does not know to be clustered by series are shuffled")
    void notClustered(@TempDir Path dir) {
        Dataset<Row> data = SyntheticSeries.rows(spark, specs.subList(0, 40), 4, false);
        data.write().parquet(dir.resolve("plain").toString());
        ForecastColumns c = ForecastColumns.defaults();
        assertFalse(InputClustering.bySeries(spark.read().parquet(dir.resolve("plain").toString()), c),
                "files laid out by series without Spark knowing it");
        assertFalse(InputClustering.bySeries(data.repartition(4), c), "rows dealt round robin");
        assertFalse(InputClustering.bySeries(data.repartition(4, col("time")), c), "clustered by another column");
        assertFalse(InputClustering.bySeries(data.repartition(1, col("series_id")), c), "a single partition");
        assertFalse(InputClustering.bySeries(data.hint("rebalance", "series_id"), c),
                "a rebalance, whose skewed partitions adaptive execution splits");
        Dataset<Row> names = data.select("series_id").distinct();
        assertFalse(InputClustering.bySeries(data.join(names.hint("merge"), "series_id"), c),
                "a join, whose skewed partitions adaptive execution splits");
        assertTrue(forecast(data.repartition(4, col("time")), BatchOptions.defaults()).shuffled());
    }

    @Test
    @DisplayName("bad rows in a clustered input fail naming the series, as in a shuffled one")
    void badInput() {
        List<Spec> few = specs.subList(0, 6);
        Dataset<Row> data = SyntheticSeries.rows(spark, few, 2, false);
        String name = few.get(2).name();
        // the latest observation again: a time the tail keeps, so found in any order of the rows
        Row last = data.filter(col("series_id").equalTo(name)).orderBy(col("time").desc()).first();
        Dataset<Row> repeated = data.union(spark.createDataFrame(List.of(last), data.schema()))
                .repartition(2, col("series_id"));
        assertTrue(InputClustering.bySeries(repeated, ForecastColumns.defaults()));
        Exception e = assertThrows(Exception.class, () -> forecast(repeated, BatchOptions.defaults()));
        assertMentions(FailureMessages.of(e), "series " + name + " has two observations at");

        Dataset<Row> missing = data.withColumn("value", org.apache.spark.sql.functions.when(
                col("series_id").equalTo(name).and(col("time").equalTo(last.get(1))), null)
                .otherwise(col("value"))).repartition(2, col("series_id"));
        e = assertThrows(Exception.class, () -> forecast(missing, BatchOptions.defaults()));
        assertMentions(FailureMessages.of(e), "series " + name + " has no value at", "column 'value' is null");
    }
}
