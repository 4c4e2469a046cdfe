package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("spark")
@DisplayName("the spark-submit job")
class SparkForecastJobTest {
    @TempDir
    static Path shared;
    private static Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SparkForecastJob.commandLine(LocalSpark.session());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** 24 hourly series of 60 to 120 observations and one of 10, as CSV with a header, written once. */
    private static synchronized Path csv() {
        if (data != null) {
            return data;
        }
        Path dir = shared;
        List<Spec> specs = new ArrayList<>(SyntheticSeries.specs(24, 60, 120, 24, true, 61));
        specs.add(new Spec("tiny", 10, 24, true, 62, false));
        Path file = dir.resolve("series.csv");
        SyntheticSeries.rows(LocalSpark.session(), specs, 2).coalesce(1).write().option("header", "true")
                .csv(file.toString());
        data = file;
        return file;
    }

    @Test
    @DisplayName("--train trains one global model, saves it and forecasts every series; --model forecasts with it again;"
            + " data whose every series is too short fails")
    void trainThenForecast(@TempDir Path dir) throws Exception {
        Path data = csv();
        Path model = dir.resolve("global.jrnn");
        Path first = dir.resolve("first");
        assertEquals(0, run("--data", data.toString(), "--format", "csv", "--train", "--season", "24", "--horizon", "6",
                "--epochs", "2", "--input-length", "24", "--batch-size", "0", "--partitions", "2", "--save",
                model.toString(), "--out", first.toString()), err.toString());
        assertTrue(out.toString().contains("trained on 24 series"), out.toString());
        assertTrue(out.toString().contains("forecast 24 series (1 too short, skipped: tiny)"), out.toString());
        Forecaster saved = Forecaster.load(Backends.get("ejml"), model);
        assertEquals(24, saved.config().inputLength());

        SparkSession spark = LocalSpark.session();
        Dataset<Row> written = spark.read().option("header", "true").option("inferSchema", "true").csv(first.toString());
        assertEquals(List.of("series_id", "time", "step", "forecast", "lower", "upper"), List.of(written.columns()));
        assertEquals(24 * 6, written.count());

        Path second = dir.resolve("second");
        assertEquals(0, run("--data", data.toString(), "--format", "csv", "--model", model.toString(), "--horizon", "3",
                "--out-format", "parquet", "--out", second.toString()), err.toString());
        Dataset<Row> again = spark.read().parquet(second.toString());
        assertEquals(24 * 3, again.count());
        Row a = written.where("series_id = 's3' AND step = 2").first();
        Row b = again.where("series_id = 's3' AND step = 2").first();
        assertEquals(a.getDouble(3), b.getDouble(3), 1e-9 * Math.abs(a.getDouble(3)), "the saved model forecasts alike");
        assertTrue(Files.exists(model));

        // an id with a comma and quotes, quoted as RFC 4180 (and jrnn's CLI) writes it, read and written back so
        List<String> quoted = new ArrayList<>(List.of("series_id,time,value"));
        for (Row r : spark.read().option("header", "true").csv(data.toString()).where("series_id = 's3'").collectAsList()) {
            quoted.add("\"say \"\"hi\"\", a\"," + r.getString(1) + "," + r.getString(2));
        }
        Path odd = Files.write(dir.resolve("odd.csv"), quoted);
        Path oddOut = dir.resolve("odd-out");
        assertEquals(0, run("--data", odd.toString(), "--format", "csv", "--model", model.toString(), "--horizon", "2",
                "--out", oddOut.toString()), err.toString());
        Row oddRow = spark.read().option("header", "true").option("escape", "\"").csv(oddOut.toString())
                .where("step = 1").first();
        assertEquals("say \"hi\", a", oddRow.getString(0));
        double s3 = written.where("series_id = 's3' AND step = 1").first().getDouble(3);
        assertEquals(s3, Double.parseDouble(oddRow.getString(3)), 1e-9 * Math.abs(s3),
                "the same series under another id forecasts alike");
        try (var files = Files.list(oddOut)) {
            String text = files.filter(f -> f.getFileName().toString().endsWith(".csv")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
            assertTrue(text.contains("\n\"say \"\"hi\"\", a\","), "written as RFC 4180 quotes it: " + text);
        }

        Path tiny = dir.resolve("tiny.csv");
        spark.read().option("header", "true").csv(data.toString()).where("series_id = 'tiny'").coalesce(1).write()
                .option("header", "true").csv(tiny.toString());
        err.getBuffer().setLength(0);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", tiny.toString(), "--format", "csv", "--model",
                model.toString(), "--out", dir.resolve("none").toString()), "no series forecast is a failure");
        assertEquals("jrnn-spark: no series forecast from " + tiny + ": all 1 series are too short for the model (tiny);"
                + " the executors' log gives the observations it reads", err.toString().strip());
    }

    @Test
    @DisplayName("--train takes the season and horizon from the time step and says so, and warns when the shortest"
            + " series limits every series' input window")
    void trainFromTheTimeStep(@TempDir Path dir) {
        assertEquals(0, run("--data", csv().toString(), "--format", "csv", "--train", "--epochs", "1", "--partitions",
                "2", "--out", dir.resolve("o").toString()), err.toString());
        assertTrue(out.toString().contains("season 24, horizon 48: the time step of series s0 is 1 hour (--season,"
                + " --horizon or --frequency say otherwise)"), out.toString());
        assertTrue(err.toString().strip().matches("jrnn-spark: warning: series tiny \\(10 observations to train on\\)"
                + " limits every series' input window to 2 where the median series would allow \\d+; leave the shortest"
                + " series out or give --input-length"), err.toString());
        assertTrue(out.toString().contains("the global model reads 2, 1 per step"), out.toString());
    }

    @Test
    @DisplayName("--train on series without timestamps needs a horizon, and says it assumes season 1; times that do not"
            + " read leave no step to take the season from")
    void trainWithoutTimestamps(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series_id,time,value"));
        for (String id : List.of("a", "b")) {
            for (int t = 0; t < 40; t++) {
                lines.add(id + "," + t + "," + (10 + Math.sin(t) + (id.equals("b") ? 5 : 0)));
            }
        }
        Path indexed = Files.write(dir.resolve("indexed.csv"), lines);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", indexed.toString(), "--format", "csv", "--train",
                "--out", dir.resolve("o").toString()));
        assertEquals("jrnn-spark: --train needs --horizon (or --frequency) where the series have no timestamps to take"
                + " it from (time column 'time')", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(0, run("--data", indexed.toString(), "--format", "csv", "--train", "--horizon", "4", "--epochs",
                "1", "--out", dir.resolve("o").toString()), err.toString());
        assertTrue(out.toString().contains("season 1: the series have no timestamps to take it from (time column"
                + " 'time'); --season or --frequency says otherwise"), out.toString());
        assertEquals("", err.toString().strip(), "two series of one length: nothing limits the input window");
        out.getBuffer().setLength(0);
        assertEquals(0, run("--data", indexed.toString(), "--format", "csv", "--train", "--frequency", "quarterly",
                "--horizon", "4", "--epochs", "1", "--out", dir.resolve("q").toString()), err.toString());
        assertTrue(out.toString().contains("season 4, horizon 4: --frequency quarterly"), out.toString());
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", indexed.toString(), "--format", "csv", "--train",
                "--frequency", "fortnightly", "--out", dir.resolve("q").toString()));
        assertTrue(err.toString().startsWith("jrnn-spark: unknown frequency 'fortnightly'"), err.toString());
        err.getBuffer().setLength(0);

        Path unreadable = Files.write(dir.resolve("unreadable.csv"), lines.stream()
                .map(l -> l.replaceFirst(",(\\d+),", ",day $1,")).toList());
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", unreadable.toString(), "--format", "csv", "--train",
                "--out", dir.resolve("o").toString()));
        assertEquals("jrnn-spark: --train takes the season and horizon from the time step of series a, which has fewer"
                + " than two times that read as dates or times (time column 'time'); give --season and --horizon, or"
                + " --frequency", err.toString().strip().lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    @DisplayName("a missing model file, a missing column and an unknown format are one line and exit code 2")
    void userErrors(@TempDir Path dir) {
        Path data = csv();
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", data.toString(), "--format", "csv", "--value-column",
                "sales", "--model", dir.resolve("none.jrnn").toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("model file") && err.toString().contains("does not exist"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", data.toString(), "--format", "csv", "--value-column",
                "sales", "--train", "--horizon", "6", "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().startsWith("jrnn-spark: the data has no value column 'sales'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", data.toString(), "--format", "json", "--train",
                "--horizon", "6", "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("--format must be parquet or csv, got json"), err.toString());
        err.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", data.toString(), "--format", "csv", "--model",
                "m.jrnn", "--out", data.getParent().toString()));
        assertEquals("jrnn-spark: --out " + data.getParent() + " holds --data " + data + ": writing it would delete what"
                + " is read; name another output", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", data.toString(), "--format", "csv", "--train",
                "--save", data.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().startsWith("jrnn-spark: --save " + data + " is --data " + data), err.toString());
        assertTrue(Files.isDirectory(data), "the data is kept");
        err.getBuffer().setLength(0);
        Path none = dir.resolve("none.parquet");
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", none.toString(), "--model", "m.jrnn", "--out",
                dir.resolve("o").toString()), "a missing --data path is the user's error");
        assertTrue(err.toString().startsWith("jrnn-spark: cannot read --data " + none + " as parquet: [PATH_NOT_FOUND]")
                && err.toString().strip().lines().count() == 1, err.toString());
    }

    @Test
    @DisplayName("--train refuses series of different time steps, naming a series of each; given the season, it warns")
    void differentSteps(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series_id,time,value"));
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        for (String id : List.of("a", "b", "c")) {
            for (int t = 0; t < 60; t++) {
                // a and b hourly, c daily
                lines.add(id + "," + (id.equals("c") ? start.plusDays(t) : start.plusHours(t)) + ","
                        + (10 + Math.sin(t / 3.0)));
            }
        }
        Path mixed = Files.write(dir.resolve("mixed.csv"), lines);
        assertEquals(SparkForecastJob.USER_ERROR, run("--data", mixed.toString(), "--format", "csv", "--train",
                "--epochs", "1", "--out", dir.resolve("o").toString()));
        assertEquals("jrnn-spark: series a steps by 1 hour and series c by 1 day; one global model needs one frequency:"
                + " train one model per frequency (filter the series of one step), or give the season and horizon",
                err.toString().strip().lines().reduce((x, y) -> y).orElse(""));
        err.getBuffer().setLength(0);
        assertEquals(0, run("--data", mixed.toString(), "--format", "csv", "--train", "--season", "24", "--horizon",
                "6", "--epochs", "1", "--out", dir.resolve("o").toString()), err.toString());
        assertTrue(out.toString().contains("jrnn-spark: warning: the series have 2 time steps (1 hour: series a, 1 day:"
                + " series c); one global model reads one season (24) and the calendar of series a"), out.toString());
        Dataset<Row> forecasts = LocalSpark.session().read().option("header", "true").option("inferSchema", "true")
                .csv(dir.resolve("o").toString());
        assertEquals("2026-03-02T00:00", forecasts.filter("series_id = 'c' and step = 1").first()
                .getAs("time").toString().substring(0, 16).replace(' ', 'T'), "c's forecast steps by its own day");
    }

    @Test
    @DisplayName("--train warns of values far outside their series' range, naming the first series by id, the value,"
            + " its time, and counting the other series")
    void outliersWarned(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series_id,time,value"));
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        for (String id : List.of("a", "b", "c")) {
            for (int t = 0; t < 60; t++) {
                double v = id.equals("b") && t == 30 ? 1e30 : id.equals("c") && t == 40 ? -1e9 : 10 + Math.sin(t / 3.0);
                lines.add(id + "," + start.plusHours(t) + "," + v);
            }
        }
        Path file = Files.write(dir.resolve("outliers.csv"), lines);
        run("--data", file.toString(), "--format", "csv", "--train", "--season", "24", "--horizon", "6", "--epochs",
                "1", "--out", dir.resolve("o").toString());
        String warning = err.toString().lines().findFirst().orElse("");
        assertTrue(warning.startsWith("jrnn-spark: warning: series b: value 1.0E30 (2026-01-02 06:00:00) lies over"
                + " 10,000 times the series' spread ("), err.toString());
        assertTrue(warning.endsWith("check the value, or mark it missing (NA) and fill (median and spread approximate;"
                + " 1 other series holds such values too)"), warning);
    }

    @Test
    @DisplayName("--train on series without outliers does not warn of any")
    void noOutliersNoWarning() {
        SeriesStatistics stats = SeriesStatistics.of(LocalSpark.session().read().option("header", "true")
                .csv(csv().toString()), ForecastColumns.defaults());
        assertEquals(java.util.Optional.empty(), stats.outliers());
    }

    @Test
    @DisplayName("text times with a time zone offset read as the instants they name: hourly data across daylight saving"
            + " time in a UTC session steps by 1 hour")
    void offsetText(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series_id,time,value"));
        java.time.ZonedDateTime start = java.time.ZonedDateTime.of(2026, 3, 27, 0, 0, 0, 0,
                java.time.ZoneId.of("Europe/Berlin"));
        for (String id : List.of("a", "b")) {
            for (int t = 0; t < 96; t++) {
                // a without seconds (which Spark's casts refuse), b with them (which the TIMESTAMP_NTZ cast would drop)
                java.time.OffsetDateTime time = start.plusHours(t).toOffsetDateTime();
                lines.add(id + "," + (id.equals("a") ? time.toString()
                        : time.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX")))
                        + "," + (10 + Math.sin(2 * Math.PI * t / 24)));
            }
        }
        Path berlin = Files.write(dir.resolve("berlin.csv"), lines);
        assertEquals(0, run("--data", berlin.toString(), "--format", "csv", "--train", "--epochs", "1", "--out",
                dir.resolve("o").toString()), err.toString());
        assertTrue(out.toString().contains("season 24, horizon 48: the time step of series a is 1 hour"), out.toString());
        Dataset<Row> forecasts = LocalSpark.session().read().option("header", "true").option("inferSchema", "true")
                .csv(dir.resolve("o").toString());
        // the last row, 2026-03-31T00:00+02:00, is 2026-03-30T22:00 UTC
        for (String id : List.of("a", "b")) {
            assertEquals("2026-03-30T23:00", forecasts.filter("series_id = '" + id + "' and step = 1").first()
                    .getAs("time").toString().substring(0, 16).replace(' ', 'T'), id);
        }
    }
}
