package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's jar through Spark's own {@code spark-submit} ({@code org.apache.spark.deploy.SparkSubmit},
 * what the script runs), on Spark's classpath without jrnn: in local mode, and on a standalone
 * master with two workers, each its own JVM on the loopback address, whose executors have Spark's
 * classpath and fetch the job's jar from the driver. Runs after {@code package}, which builds the jar.
 */
@Tag("spark-submit")
@DisplayName("spark-submit runs the job's jar")
class SparkSubmitTest {
    @TempDir
    static Path shared;
    private static Path data;
    private static Path modelFile;
    private static Map<String, Double> expected;
    private static String sparkClasspath;

    @BeforeAll
    static void prepare() throws Exception {
        sparkClasspath = SparkProcesses.sparkClasspath();
        List<Spec> specs = SyntheticSeries.specs(200, 30, 200, 24, true, 71);
        SparkSession local = LocalSpark.session();
        data = shared.resolve("series.parquet");
        SyntheticSeries.rows(local, specs, 4).write().parquet(data.toString());
        ForecastConfig config = ForecastConfig.builder(24, 6).inputLength(24).hidden(6).epochs(1).windowsPerSeries(4)
                .dtype(DType.FLOAT64).seed(8).build();
        Forecaster model = ForecastTrainer.fit(Backends.get("ejml"), config,
                List.of(specs.get(0).series(), specs.get(1).series()), null);
        modelFile = shared.resolve("model.jrnn");
        model.save(modelFile);
        expected = new HashMap<>();
        for (Row r : JrnnSpark.forecast(local.read().parquet(data.toString()), ForecastColumns.defaults(), model, 6)
                .collectAsList()) {
            expected.put(r.getString(0) + "/" + r.getInt(2), r.getDouble(3));
        }
    }

    @Test
    @DisplayName("the jar holds jrnn, its pure-Java backend and picocli, and neither Spark nor Scala")
    void jarContents() throws Exception {
        try (JarFile jar = new JarFile(SparkProcesses.jobJar().toFile())) {
            assertEquals(SparkForecastJob.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String needed : List.of("dev/jrnn/spark/SparkForecastJob.class", "dev/jrnn/forecast/Forecaster.class",
                    "dev/jrnn/api/backend/Backends.class", "picocli/CommandLine.class",
                    "META-INF/services/dev.jrnn.api.backend.BackendProvider")) {
                assertTrue(jar.getEntry(needed) != null, "the jar holds " + needed);
            }
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("org/ejml/")), "the jar holds EJML");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/apache/spark/")
                    || e.getName().startsWith("scala/")), "the cluster brings Spark and Scala");
        }
        assertFalse(sparkClasspath.contains("jrnn") || sparkClasspath.contains("ejml") || sparkClasspath.contains("picocli"),
                "Spark's classpath holds neither jrnn nor its own libraries: " + sparkClasspath);
        assertTrue(sparkClasspath.contains("spark-core"), sparkClasspath);
    }

    @Test
    @DisplayName("spark-submit --master local[2] forecasts as the library does")
    void localMode() throws Exception {
        Path out = shared.resolve("local-forecasts");
        try (SparkProcesses spark = new SparkProcesses(shared.resolve("local"))) {
            Files.createDirectories(shared.resolve("local"));
            Process submit = spark.start("submit", sparkClasspath, submit("local[2]", List.of(), out));
            String log = spark.awaitExit(submit, "submit", 600);
            assertEquals(0, submit.exitValue(), log);
            assertTrue(log.contains("forecast 200 series"), log);
            assertTrue(log.contains("jrnn: using backend 'ejml'"), log);
        }
        assertForecasts(out);
    }

    @Test
    @DisplayName("spark-submit to a standalone master and two workers, separate JVMs, forecasts as the library does")
    void standaloneCluster() throws Exception {
        Path dir = shared.resolve("cluster");
        Files.createDirectories(dir);
        Path out = shared.resolve("cluster-forecasts");
        try (SparkProcesses spark = new SparkProcesses(dir)) {
            String url = spark.cluster(sparkClasspath, 2);
            Process submit = spark.start("submit", sparkClasspath, submit(url, List.of("--deploy-mode", "client",
                    "--total-executor-cores", "2", "--executor-cores", "1", "--executor-memory", "512m",
                    "--conf", "spark.executor.extraClassPath=" + sparkClasspath), out));
            String log = spark.awaitExit(submit, "submit", 600);
            assertEquals(0, submit.exitValue(), log);
            assertTrue(log.contains("forecast 200 series"), log);
            String executors = spark.executorLogs();
            assertTrue(executors.contains("jrnn-spark.jar to class loader"), "the executors, whose classpath holds no"
                    + " jrnn, loaded it from the job's jar: " + executors);
        }
        assertForecasts(out);
    }

    /** SparkSubmit's arguments: the master, {@code options}, the job's jar and the job's own options. */
    private static String[] submit(String master, List<String> options, Path out) {
        List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--name", "jrnn-spark-submit-test", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.sql.session.timeZone=UTC"));
        args.addAll(options);
        args.addAll(List.of("--class", SparkForecastJob.class.getName(), SparkProcesses.jobJar().toString(),
                "--data", data.toString(), "--model", modelFile.toString(), "--partitions", "4",
                "--out", out.toString()));
        return args.toArray(String[]::new);
    }

    private static void assertForecasts(Path out) {
        List<Row> actual = LocalSpark.session().read().parquet(out.toString()).collectAsList();
        assertEquals(expected.size(), actual.size());
        for (Row r : actual) {
            double e = expected.get(r.getString(0) + "/" + r.getInt(2));
            assertEquals(e, r.getDouble(3), 1e-9 * Math.max(1, Math.abs(e)), r.toString());
        }
    }
}
