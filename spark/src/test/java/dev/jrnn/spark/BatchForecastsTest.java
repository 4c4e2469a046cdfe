package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@DisplayName("batch forecasts on Spark equal the single-JVM forecaster's")
class BatchForecastsTest {
    private static final int HORIZON = 6;
    private static SparkSession spark;
    private static Backend backend;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        backend = Backends.get("ejml");
    }

    /** A forecaster trained briefly on a few series of its own (so that the forecast series are new to it). */
    private static Forecaster model(ForecastConfig config, boolean withTimes) {
        List<TimeSeries> training = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            training.add(new Spec("train-" + i, 200, config.season(), withTimes, 300 + i, false).series());
        }
        return ForecastTrainer.fit(backend, config, training, null);
    }

    /**
     * About a thousand series of ragged lengths from {@code minLength} (at least what the model reads),
     * one shorter than the model reads, one very long, a few whose early values are not all positive
     * (the whole series decides their log, not the window), and one the model was trained on (its
     * recorded decision holds).
     */
    private static List<Spec> ragged(int minLength, int season, boolean withTimes) {
        List<Spec> all = new ArrayList<>(SyntheticSeries.specs(1000, minLength, 400, season, withTimes, 11));
        all.add(new Spec("short", minLength / 2, season, withTimes, 12, false));
        all.add(new Spec("long", 20_000, season, withTimes, 13, false));
        for (int i = 0; i < 5; i++) {
            all.add(new Spec("dip-" + i, 80 + 40 * i, season, withTimes, 20 + i, true));
        }
        all.add(new Spec("train-0", 200, season, withTimes, 300, false));
        return all;
    }

    /** Spark's rows by series, each series' forecasts in step order (sorted here: a sort in Spark would run the job twice). */
    private static Map<String, List<Row>> bySeries(Dataset<Row> forecasts) {
        Map<String, List<Row>> out = new HashMap<>();
        for (Row row : forecasts.collectAsList()) {
            out.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row);
        }
        out.values().forEach(rows -> rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(2))));
        return out;
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = 1e-9 * Math.max(1, Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + ", Spark gave " + actual);
        }
    }

    /** Every forecastable series' rows equal {@code model.forecastAll}; the too-short ones have none. */
    private static void assertSameForecasts(ForecastModel model, List<TimeSeries> all, Map<String, List<Row>> spark,
                                            boolean withTimes, int horizon) {
        List<TimeSeries> forecastable = all.stream().filter(s -> s.length() >= model.minimumLength()).toList();
        assertTrue(forecastable.size() < all.size(), "the data holds a series too short for the model");
        assertEquals(forecastable.size(), spark.size(), "series forecast");
        List<Forecast> expected = model.forecastAll(forecastable);
        for (int i = 0; i < forecastable.size(); i++) {
            Forecast f = expected.get(i);
            List<Row> rows = spark.get(f.series());
            assertNotNull(rows, "no forecast of series " + f.series());
            assertEquals(horizon, rows.size(), "steps of series " + f.series());
            for (int s = 0; s < horizon; s++) {
                Row row = rows.get(s);
                String at = "series " + f.series() + " step " + (s + 1);
                assertEquals(s + 1, row.getInt(2), at);
                if (withTimes) {
                    assertEquals(f.times()[s], ((java.sql.Timestamp) row.get(1)).toLocalDateTime(), at + " time");
                } else {
                    TimeSeries in = forecastable.get(i);
                    assertEquals(100L + in.length() - 1 + s + 1, row.getLong(1), at + " index");
                }
                assertClose(f.point()[s], row.getDouble(3), at + " forecast");
                assertClose(f.lower()[s], row.getDouble(4), at + " lower");
                assertClose(f.upper()[s], row.getDouble(5), at + " upper");
            }
        }
    }

    @Test
    @DisplayName("hourly series, windows levelled and logged, a day per step: equal forecasts, the short series skipped")
    void hourly() {
        ForecastConfig config = ForecastConfig.builder(24, HORIZON).inputLength(48).stepSize(24).hidden(8)
                .scaling(ScalingMode.LAST_WINDOW).log(true).deseasonalise(true).covariates(Covariates.SIN_COS)
                .epochs(1).windowsPerSeries(8).batchSize(16).dtype(DType.FLOAT64).seed(7).build();
        Forecaster forecaster = model(config, true);
        List<Spec> specs = ragged(48, 24, true);
        List<TimeSeries> all = SyntheticSeries.series(specs);
        BatchForecasts job = BatchForecasts.of(spark, forecaster, HORIZON, BatchOptions.defaults().withBatchSize(100));
        Map<String, List<Row>> rows = bySeries(job.forecast(SyntheticSeries.rows(spark, specs, 4),
                ForecastColumns.defaults()));
        ForecastModel single = new ForecastModel(List.of(new NetworkEnsemble("f", List.of(forecaster))), "", List.of());
        assertSameForecasts(single, all, rows, true, HORIZON);
        assertEquals(1, job.seriesSkipped());
        assertEquals(List.of("short"), job.skippedExamples());
        assertEquals(all.size() - 1, job.seriesForecast());
    }

    @Test
    @DisplayName("series without timestamps, STANDARD scaling of the whole series, the season's phase from the index")
    void indexed() {
        ForecastConfig config = ForecastConfig.builder(7, 4).inputLength(21).hidden(6)
                .scaling(ScalingMode.STANDARD).log(true).covariates(Covariates.SIN_COS)
                .epochs(1).windowsPerSeries(8).batchSize(16).dtype(DType.FLOAT64).seed(9).build();
        Forecaster forecaster = model(config, false);
        assertTrue(forecaster.calendar().fields().contains(dev.jrnn.forecast.data.CalendarField.PHASE));
        List<Spec> specs = ragged(21, 7, false);
        List<TimeSeries> all = SyntheticSeries.series(specs);
        Dataset<Row> data = SyntheticSeries.rows(spark, specs, 3);
        Map<String, List<Row>> rows = bySeries(JrnnSpark.forecast(data, ForecastColumns.defaults(), forecaster, 3));
        ForecastModel single = new ForecastModel(List.of(new NetworkEnsemble("f", List.of(forecaster))), "", List.of());
        assertSameForecasts(single, all, rows, false, 3);
    }

    @Test
    @DisplayName("a saved model travels as its file's bytes, loaded once per executor JVM, and forecasts as before")
    void savedModelRoundTrip(@TempDir Path dir) throws Exception {
        ForecastConfig config = ForecastConfig.builder(24, HORIZON).inputLength(24).hidden(5).epochs(1)
                .windowsPerSeries(4).batchSize(8).dtype(DType.FLOAT64).seed(21).build();
        Forecaster a = model(config, true);
        Forecaster b = model(config.withSeed(22), true);
        Forecaster c = model(config.withSeed(23), true);
        // three members combined by their mean: the median of three would differ if the combination were lost
        ForecastModel ensemble = new ForecastModel(List.of(new NetworkEnsemble("three seeds", List.of(a, b, c),
                NetworkEnsemble.Combination.MEAN)), "test", List.of());
        Path file = dir.resolve("ensemble.jrnn");
        ensemble.save(file);
        List<Spec> specs = new ArrayList<>(SyntheticSeries.specs(150, 20, 120, 24, true, 31));
        List<TimeSeries> all = SyntheticSeries.series(specs);
        int before = ExecutorModels.loads();
        BatchForecasts job = BatchForecasts.ofSavedFile(spark, file.toString(), Files.readAllBytes(file), backend,
                HORIZON, BatchOptions.defaults().withBatchSize(16).withPartitions(4));
        Map<String, List<Row>> rows = bySeries(job.forecast(SyntheticSeries.rows(spark, specs, 4),
                ForecastColumns.defaults()));
        assertEquals(1, ExecutorModels.loads() - before, "loads of the model in this (driver and executor) JVM");
        assertSameForecasts(ForecastModel.load(backend, file), all, rows, true, HORIZON);
        assertFalse(rows.isEmpty());
    }

    @Test
    @DisplayName("the forecasts' columns carry the input's names and its time column's type, each row its own series and step")
    void outputColumns() {
        ForecastConfig config = ForecastConfig.builder(24, 3).inputLength(24).hidden(4).epochs(0)
                .dtype(DType.FLOAT64).seed(1).build();
        Forecaster forecaster = model(config, true);
        List<Spec> specs = List.of(new Spec("a", 30, 24, true, 5, false), new Spec("b", 40, 24, true, 6, false));
        Dataset<Row> hourly = SyntheticSeries.rows(spark, specs, 2).withColumnRenamed("series_id", "Store.Id")
                .withColumnRenamed("time", "hour").withColumnRenamed("value", "units");
        ForecastColumns columns = new ForecastColumns("Store.Id", "hour", "units");
        // the model reads calendar covariates: times of each kind (an index column is the indexed test's)
        Map<String, DataType> types = Map.of("timestamp", DataTypes.TimestampType, "timestamp_ntz",
                DataTypes.TimestampNTZType, "date", DataTypes.DateType);
        for (Map.Entry<String, DataType> type : types.entrySet()) {
            Column hours = functions.unix_timestamp(hourly.col("hour")).divide(3600).cast("int");
            Column time = type.getKey().equals("date")
                    ? functions.date_from_unix_date(hours) // a day per observation
                    : hourly.col("hour").cast(type.getKey());
            Dataset<Row> data = hourly.withColumn("hour", time);
            // a day per observation to an hourly network is refused unless asked for
            Dataset<Row> out = BatchForecasts.of(spark, forecaster, 3, BatchOptions.defaults()
                    .withAnyStep(type.getKey().equals("date"))).forecast(data, columns);
            assertEquals(List.of("Store.Id", "hour", "step", "forecast", "lower", "upper"), List.of(out.columns()),
                    type.getKey());
            assertEquals(type.getValue(), out.schema().apply("hour").dataType(), type.getKey());
            Map<String, List<Row>> rows = bySeries(out);
            assertEquals(Set.of("a", "b"), rows.keySet(), type.getKey());
            for (List<Row> series : rows.values()) {
                assertEquals(List.of(1, 2, 3), series.stream().map(r -> r.getInt(2)).toList(), type.getKey());
                assertEquals(3, series.stream().map(r -> r.get(1)).distinct().count(), type.getKey() + ": distinct times");
            }
            assertFalse(rows.get("a").get(0).getDouble(3) == rows.get("b").get(0).getDouble(3), "each series its own forecast");
        }
    }

    @Test
    @DisplayName("the forecast times follow each series' own clock")
    void forecastTimes() {
        ForecastConfig config = ForecastConfig.builder(24, 3).inputLength(24).hidden(4).epochs(0)
                .dtype(DType.FLOAT64).seed(1).build();
        Forecaster forecaster = model(config, true);
        Spec spec = new Spec("clock", 30, 24, true, 5, false);
        TimeSeries s = spec.series();
        List<Row> rows = JrnnSpark.forecast(SyntheticSeries.rows(spark, List.of(spec), 2), ForecastColumns.defaults(),
                forecaster, 3).collectAsList();
        rows = new ArrayList<>(rows);
        rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(2)));
        LocalDateTime last = s.times()[s.length() - 1];
        for (int k = 0; k < 3; k++) {
            assertEquals(last.plusHours(k + 1), ((java.sql.Timestamp) rows.get(k).get(1)).toLocalDateTime());
        }
    }

    @Test
    @DisplayName("a model with a classical member needs a history bound, then forecasts each series' last observations")
    void classicalMembers() {
        ForecastConfig config = ForecastConfig.builder(24, 4).inputLength(24).hidden(4).epochs(0)
                .dtype(DType.FLOAT64).seed(2).build();
        Forecaster network = model(config, true);
        ForecastModel mean = new ForecastModel(List.of(new NetworkEnsemble("net", List.of(network)),
                new StatisticalMethod(StatisticalMethod.Kind.THETA, 24, 4, 0.9)), "", List.of());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BatchForecasts.of(spark, mean, 4, BatchOptions.defaults()));
        assertTrue(e.getMessage().contains("'theta' is a classical method") && e.getMessage().contains("maxHistory"),
                e.getMessage());

        List<Spec> specs = SyntheticSeries.specs(30, 80, 300, 24, true, 81);
        Map<String, List<Row>> rows = bySeries(BatchForecasts.of(spark, mean, 4, BatchOptions.defaults()
                .withMaxHistory(72)).forecast(SyntheticSeries.rows(spark, specs, 2), ForecastColumns.defaults()));
        List<TimeSeries> cut = SyntheticSeries.series(specs).stream().map(s -> s.last(72)).toList();
        List<Forecast> expected = mean.forecastAll(cut);
        for (Forecast f : expected) {
            for (int step = 0; step < 4; step++) {
                assertClose(f.point()[step], rows.get(f.series()).get(step).getDouble(3), f.series());
            }
        }
    }
}
