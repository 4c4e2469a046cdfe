package dev.jrnn.spark;

import static dev.jrnn.spark.FailureMessages.assertMentions;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.spark.SyntheticSeries.Spec;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("spark")
@DisplayName("the columnar read of a Parquet scan equals the read of its rows, and falls back to rows elsewhere")
class ColumnarReadTest {
    private static final ForecastColumns COLUMNS = ForecastColumns.defaults();
    /** A window of 30 aligned to a season of 7: what the series are cut to. */
    private static final TailSpec SPEC = new TailSpec(30, 7);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    /**
     * 300 series of 20 to 120 hours, written as Parquet laid out by series in row groups of a few
     * kilobytes (so that the id column's dictionary changes many times within a file) and read back
     * in batches of 100 rows, so that series span batches and dictionaries.
     */
    private static Dataset<Row> parquet(Path dir, Dataset<Row> rows) {
        String file = dir.resolve("series.parquet").toString();
        rows.repartition(3, col("series_id")).sortWithinPartitions("series_id", "time").write()
                .option("parquet.block.size", 8192).option("parquet.page.size", 1024).parquet(file);
        return spark.read().parquet(file);
    }

    private static Dataset<Row> hourly() {
        return SyntheticSeries.rows(spark, SyntheticSeries.specs(300, 20, 120, 24, true, 5), 3);
    }

    /** Each series' cut: its kept times and values, and the facts of its whole history. */
    private static Map<String, SeriesCut> cuts(Dataset<Row> data) {
        TimeKind kind = SeriesInput.kind(data, COLUMNS);
        Map<String, SeriesCut> out = new TreeMap<>();
        for (var t : SeriesInput.tails(data, COLUMNS, SPEC, 4).collect()) {
            out.put(t._1(), t._2().finish(t._1(), kind, SPEC));
        }
        return out;
    }

    /** {@link #cuts} read as rows: the vectorized reader off, so that the scan makes rows. */
    private static Map<String, SeriesCut> cutsOfRows(Dataset<Row> data, String path) {
        spark.conf().set("spark.sql.parquet.enableVectorizedReader", "false");
        try {
            Dataset<Row> again = spark.read().parquet(path);
            assertFalse(columnar(again), "the row scan is not columnar");
            return cuts(again);
        } finally {
            spark.conf().unset("spark.sql.parquet.enableVectorizedReader");
        }
    }

    private static boolean columnar(Dataset<Row> data) {
        return ColumnarInput.mapSide(data, COLUMNS, SeriesInput.kind(data, COLUMNS), SPEC, false).isPresent();
    }

    private static void assertSameCuts(Map<String, SeriesCut> expected, Map<String, SeriesCut> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String s : expected.keySet()) {
            SeriesCut e = expected.get(s);
            SeriesCut a = actual.get(s);
            assertArrayEquals(e.times(), a.times(), "times of " + s);
            assertArrayEquals(e.values(), a.values(), "values of " + s);
            assertEquals(e.facts().length(), a.facts().length(), "length of " + s);
            assertEquals(e.facts().positive(), a.facts().positive(), "positivity of " + s);
            assertEquals(e.facts().mean(), a.facts().mean(), 1e-12 * Math.abs(e.facts().mean()), "mean of " + s);
            assertEquals(e.facts().std(), a.facts().std(), 1e-12 * Math.abs(e.facts().mean()), "deviation of " + s);
        }
    }

    private static void assertColumnarEqualsRows(Path dir, Dataset<Row> rows) {
        Dataset<Row> data = parquet(dir, rows);
        spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "100");
        try {
            assertTrue(columnar(data), "a Parquet scan is read as column batches");
            assertSameCuts(cutsOfRows(data, dir.resolve("series.parquet").toString()), cuts(data));
        } finally {
            spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
        }
    }

    @Test
    @DisplayName("TIMESTAMP times read as local times in the session's zone")
    void timestamps(@TempDir Path dir) {
        Dataset<Row> data = parquet(dir, hourly());
        // written in UTC, read half a day's zones away (a zone without daylight saving: a local time then
        // names one instant, and no series repeats a time)
        spark.conf().set("spark.sql.session.timeZone", "Asia/Kolkata");
        spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "100");
        try {
            assertTrue(columnar(data));
            Map<String, SeriesCut> local = cuts(data);
            assertSameCuts(cutsOfRows(data, dir.resolve("series.parquet").toString()), local);
            spark.conf().set("spark.sql.session.timeZone", "UTC");
            Map<String, SeriesCut> utc = cuts(data);
            String s = local.keySet().iterator().next();
            assertEquals(utc.get(s).times()[0] + 5 * 3_600_000_000L + 1_800_000_000L, local.get(s).times()[0],
                    "Kolkata is 5:30 ahead of UTC");
        } finally {
            spark.conf().set("spark.sql.session.timeZone", "UTC");
            spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
        }
    }

    @Test
    @DisplayName("TIMESTAMP_NTZ and DATE times, integer ids, float values")
    void otherTypes(@TempDir Path dir) {
        Dataset<Row> rows = hourly();
        Dataset<Row> local = rows.withColumn("time", col("time").cast("timestamp_ntz"));
        assertColumnarEqualsRows(dir.resolve("ntz"), local);
        Dataset<Row> daily = rows.withColumn("time", col("time").cast("timestamp_ntz").cast("date"))
                .dropDuplicates("series_id", "time");
        assertColumnarEqualsRows(dir.resolve("date"), daily);
        Dataset<Row> numbered = rows.withColumn("series_id", org.apache.spark.sql.functions.substring(
                col("series_id"), 2, 9).cast("int")).withColumn("value", col("value").cast("float"));
        assertColumnarEqualsRows(dir.resolve("int-ids"), numbered);
    }

    @Test
    @DisplayName("index times: batch forecasts from Parquet equal the single-JVM forecasts' input")
    void indexTimes(@TempDir Path dir) {
        List<Spec> specs = SyntheticSeries.specs(200, 10, 90, 7, false, 9);
        assertColumnarEqualsRows(dir, SyntheticSeries.rows(spark, specs, 2));
        Map<String, SeriesCut> cuts = cuts(spark.read().parquet(dir.resolve("series.parquet").toString()));
        for (Spec s : specs) {
            double[] all = s.series().values();
            int kept = SPEC.kept(all.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, all.length - kept, all.length),
                    cuts.get(s.name()).values(), s.name());
            assertEquals(100 + all.length - 1, cuts.get(s.name()).times()[kept - 1], s.name());
        }
    }

    @Test
    @DisplayName("rows in no order (series interleaved, times out of order) and ids without a dictionary")
    void unorderedRows(@TempDir Path dir) {
        // the column batches are read a run of one series' rows at a time: here most runs are one row long
        Dataset<Row> shuffled = hourly().orderBy(org.apache.spark.sql.functions.rand(17));
        String file = dir.resolve("unordered.parquet").toString();
        shuffled.coalesce(1).write().option("parquet.block.size", 8192).option("parquet.page.size", 1024)
                .parquet(file);
        String plain = dir.resolve("plain.parquet").toString();
        hourly().repartition(3, col("series_id")).sortWithinPartitions("series_id", "time").write()
                .option("parquet.enable.dictionary", false).parquet(plain);
        spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "100");
        try {
            for (String path : List.of(file, plain)) {
                Dataset<Row> data = spark.read().parquet(path);
                assertTrue(columnar(data), path);
                assertSameCuts(cutsOfRows(data, path), cuts(data));
            }
        } finally {
            spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
        }
    }

    @Test
    @DisplayName("CSV, a filtered scan and text values are read as rows")
    void fallBack(@TempDir Path dir) {
        Dataset<Row> rows = hourly();
        String csv = dir.resolve("series.csv").toString();
        rows.write().option("header", true).csv(csv);
        Dataset<Row> fromCsv = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        assertFalse(columnar(fromCsv), "CSV is read as rows");
        Dataset<Row> data = parquet(dir, rows);
        assertFalse(columnar(data.filter(col("value").gt(30))), "a filter over the scan makes rows");
        String text = dir.resolve("text.parquet").toString();
        rows.withColumn("value", col("value").cast("string")).write().parquet(text);
        assertFalse(columnar(spark.read().parquet(text)), "text values are read as rows");
        assertSameCuts(cuts(data), cuts(fromCsv));
    }

    /** Series a, b, c of 12 hours as Parquet, series b's row at hour 9 replaced by {@code bad}. */
    private static Dataset<Row> withBadRow(Path dir, Object[] bad) {
        List<Row> rows = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
        for (String s : new String[] {"a", "b", "c"}) {
            for (int t = 0; t < 12; t++) {
                rows.add(s.equals("b") && t == 9 ? RowFactory.create(bad)
                        : RowFactory.create(s, start.plusHours(t), 10.0 + t));
            }
        }
        StructType schema = new StructType().add("series_id", DataTypes.StringType)
                .add("time", DataTypes.TimestampNTZType).add("value", DataTypes.DoubleType);
        String file = dir.resolve("bad.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(file);
        Dataset<Row> data = spark.read().parquet(file);
        assertTrue(columnar(data));
        return data;
    }

    private static String failure(Dataset<Row> data) {
        Exception e = assertThrows(Exception.class, () -> SeriesInput.tails(data, COLUMNS, SPEC, 2).collect()
                .forEach(t -> t._2().finish(t._1(), TimeKind.LOCAL_TIMESTAMP, SPEC)));
        return FailureMessages.of(e);
    }

    @Test
    @DisplayName("bad rows read from column batches fail naming the series and the column")
    void badRows(@TempDir Path dir) {
        LocalDateTime nine = LocalDateTime.of(2024, 3, 1, 9, 0);
        assertMentions(failure(withBadRow(dir.resolve("id"), new Object[] {null, nine, 1.0})),
                "no series id", "column 'series_id'");
        assertMentions(failure(withBadRow(dir.resolve("time"), new Object[] {"b", null, 1.0})),
                "series b", "without a time", "column 'time'");
        assertMentions(failure(withBadRow(dir.resolve("value"), new Object[] {"b", nine, null})),
                "series b", "no value at 2024-03-01T09:00", "column 'value'");
        assertMentions(failure(withBadRow(dir.resolve("nan"), new Object[] {"b", nine, Double.NaN})),
                "series b", "at 2024-03-01T09:00", "not a finite number");
        assertMentions(failure(withBadRow(dir.resolve("repeat"), new Object[] {"b", nine.minusHours(1), 1.0})),
                "series b", "two observations at 2024-03-01T08:00");
    }
}
