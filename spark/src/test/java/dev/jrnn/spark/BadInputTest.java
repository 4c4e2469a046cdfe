package dev.jrnn.spark;

import static dev.jrnn.spark.FailureMessages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
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

@Tag("spark")
@DisplayName("bad input fails naming the series and the column")
class BadInputTest {
    private static SparkSession spark;
    private static Forecaster model;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        ForecastConfig config = ForecastConfig.builder(4, 2).inputLength(8).hidden(3).epochs(0)
                .dtype(DType.FLOAT64).seed(1).build();
        model = ForecastTrainer.fit(Backends.get("ejml"), config,
                List.of(new SyntheticSeries.Spec("t", 20, 4, true, 1, false).series()), null);
    }

    /** Rows of three series of 12 hours each, values as text, the row {@code bad} of series b replaced. */
    private static Dataset<Row> rows(String badValue, boolean repeatTime) {
        List<Row> rows = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
        for (String s : new String[] {"a", "b", "c"}) {
            for (int t = 0; t < 12; t++) {
                String value = s.equals("b") && t == 9 && badValue != null ? badValue : Double.toString(10 + t);
                LocalDateTime time = s.equals("b") && t == 10 && repeatTime ? start.plusHours(9) : start.plusHours(t);
                rows.add(RowFactory.create(s, time.toString().replace('T', ' '), value));
            }
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("ts", DataTypes.StringType)
                .add("amount", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static final ForecastColumns COLUMNS = new ForecastColumns("id", "ts", "amount");

    private static String failure(Dataset<Row> data, ForecastColumns columns) {
        Exception e = assertThrows(Exception.class, () -> JrnnSpark.forecast(data, columns, model, 2).collectAsList());
        return FailureMessages.of(e);
    }

    @Test
    @DisplayName("the data read as text forecasts")
    void textColumnsWork() {
        List<Row> out = JrnnSpark.forecast(rows(null, false), COLUMNS, model, 2).collectAsList();
        assertTrue(out.size() == 6, "two steps of three series: " + out);
    }

    @Test
    @DisplayName("a missing column is named, with the columns the data has, before anything runs")
    void missingColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JrnnSpark.forecast(rows(null, false), new ForecastColumns("id", "ts", "sales"), model, 2));
        assertMentions(e.getMessage(), "value column 'sales'", "[id, ts, amount]");
    }

    @Test
    @DisplayName("a value that is not a number names its series, time, column and text")
    void notANumber() {
        assertMentions(failure(rows("12,5", false), COLUMNS), "series b", "2024-03-01T09:00", "column 'amount'",
                "'12,5'", "not a number");
    }

    @Test
    @DisplayName("a value that is not finite names its series")
    void notFinite() {
        assertMentions(failure(rows("NaN", false), COLUMNS), "series b", "not a finite number");
    }

    @Test
    @DisplayName("a value beyond float's range (an error in the data such as 1e300) names its series and time")
    void beyondFloat() {
        assertMentions(failure(rows("1e300", false), COLUMNS), "series b", "2024-03-01T09:00", "column 'amount'",
                "1.0E300", "beyond the range of float");
    }

    @Test
    @DisplayName("a time that is not a time names its series and text")
    void notATime() {
        Dataset<Row> data = rows(null, false);
        Dataset<Row> broken = data.withColumn("ts", org.apache.spark.sql.functions.when(
                data.col("id").equalTo("c").and(data.col("amount").equalTo("15.0")), "yesterday")
                .otherwise(data.col("ts")));
        assertMentions(failure(broken, COLUMNS), "series c", "column 'ts'", "'yesterday'", "not a date or time");
    }

    @Test
    @DisplayName("two observations at one time of a series name the series and the time")
    void duplicateTimes() {
        assertMentions(failure(rows(null, true), COLUMNS), "series b", "two observations at 2024-03-01T09:00");
    }

    /** Series a and b of 300 hours each (b's hour 5 twice if asked), rows laid out by series or dealt round robin. */
    private static Dataset<Row> longRows(boolean bySeries, boolean repeat) {
        List<Row> rows = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
        for (String s : new String[] {"a", "b"}) {
            for (int t = 0; t < 300; t++) {
                rows.add(RowFactory.create(s, start.plusHours(t).toString().replace('T', ' '), Double.toString(10 + t)));
                if (repeat && s.equals("b") && t == 5) {
                    rows.add(RowFactory.create(s, start.plusHours(t).toString().replace('T', ' '), "99.0"));
                }
            }
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("ts", DataTypes.StringType)
                .add("amount", DataTypes.StringType);
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        return bySeries ? data.repartition(2, data.col("id")).sortWithinPartitions("id", "ts") : data.repartition(2);
    }

    @Test
    @DisplayName("a time repeated long before the observations the model reads names the series and the time")
    void duplicateTimesBeforeTheCut() {
        assertMentions(failure(longRows(true, true), COLUMNS), "series b", "two observations at 2024-03-01T05:00",
                "values 15.0 and 99.0");
    }

    @Test
    @DisplayName("series whose times could not all be compared are counted")
    void uncomparedTimesCounted() {
        BatchForecasts bySeries = BatchForecasts.of(spark, model, 2, BatchOptions.defaults());
        assertTrue(bySeries.forecast(longRows(true, false), COLUMNS).collectAsList().size() == 4);
        assertTrue(bySeries.seriesWithTimesUncompared() == 0, "" + bySeries.seriesWithTimesUncompared());
        BatchForecasts dealt = BatchForecasts.of(spark, model, 2, BatchOptions.defaults());
        assertTrue(dealt.forecast(longRows(false, false), COLUMNS).collectAsList().size() == 4);
        assertTrue(dealt.seriesWithTimesUncompared() == 2, "both series were dealt over two partitions, each"
                + " holding more of it than a tail keeps: " + dealt.seriesWithTimesUncompared());
    }

    @Test
    @DisplayName("a value column of the wrong type is refused before anything runs")
    void wrongType() {
        Dataset<Row> data = rows(null, false);
        Dataset<Row> flags = data.withColumn("amount", data.col("amount").isNotNull());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JrnnSpark.forecast(flags, COLUMNS, model, 2));
        assertMentions(e.getMessage(), "value column 'amount'", "boolean");
    }

    @Test
    @DisplayName("a series too short fails naming it when short series are not to be skipped")
    void shortSeriesFail() {
        Dataset<Row> data = rows(null, false).filter("NOT (id = 'c' AND CAST(amount AS DOUBLE) > 12)");
        Exception e = assertThrows(Exception.class, () -> BatchForecasts.of(spark, model, 2,
                BatchOptions.defaults().withShortSeries(BatchOptions.ShortSeries.FAIL)).forecast(data, COLUMNS)
                .collectAsList());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage());
        }
        assertMentions(all.toString(), "series c has 3 observations", "the model reads 8");
    }
}
