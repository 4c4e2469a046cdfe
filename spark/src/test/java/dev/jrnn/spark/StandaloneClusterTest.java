package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster from Maven's jars alone: a master, two workers (one core each) and the job's
 * driver, each its own JVM on the loopback address, started with this test's classpath; the workers
 * start executor JVMs with it too ({@code spark.executor.extraClassPath}; {@code SPARK_TESTING} lets
 * Spark's launcher do without a Spark installation's {@code jars} folder).
 */
@Tag("spark")
@DisplayName("the job on a standalone cluster of separate JVMs")
class StandaloneClusterTest {
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> java(String... rest) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(List.of(System.getProperty("jrnn.spark.java.options", "").trim().split("\\s+")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(rest));
        return command;
    }

    private Process start(Path dir, String name, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static void awaitPort(int port, Process p, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                fail("exited early: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        fail("nothing listens on " + port + ": " + Files.readString(log));
    }

    @Test
    @DisplayName("a master, two workers and the driver as separate JVMs forecast as the local session does")
    void forecastsOnACluster(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        assertTrue(classpath.contains("spark-core"), "the test runs with the full classpath: " + classpath);
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_TESTING", "1");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_WORKER_DIR", dir.resolve("work").toString());

        int masterPort = freePort();
        Process master = start(dir, "master", env, java("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", "" + masterPort, "--webui-port", "" + freePort()));
        awaitPort(masterPort, master, dir.resolve("master.log"));
        String url = "spark://127.0.0.1:" + masterPort;
        for (int w = 1; w <= 2; w++) {
            int port = freePort();
            Process worker = start(dir, "worker" + w, env, java("org.apache.spark.deploy.worker.Worker", "--host",
                    "127.0.0.1", "--port", "" + port, "--webui-port", "" + freePort(), "--cores", "1", "--memory", "768m",
                    url));
            awaitPort(port, worker, dir.resolve("worker" + w + ".log"));
        }

        List<Spec> specs = SyntheticSeries.specs(200, 30, 200, 24, true, 71);
        SparkSession local = LocalSpark.session();
        Path data = dir.resolve("series.parquet");
        SyntheticSeries.rows(local, specs, 4).write().parquet(data.toString());
        ForecastConfig config = ForecastConfig.builder(24, 6).inputLength(24).hidden(6).epochs(1).windowsPerSeries(4)
                .dtype(DType.FLOAT64).seed(8).build();
        Forecaster model = ForecastTrainer.fit(Backends.get("ejml"), config,
                List.of(specs.get(0).series(), specs.get(1).series()), null);
        Path modelFile = dir.resolve("model.jrnn");
        model.save(modelFile);

        Path out = dir.resolve("forecasts");
        Process driver = start(dir, "driver", env, java(
                "-Dspark.master=" + url, "-Dspark.app.name=jrnn-cluster-test", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.executor.memory=512m", "-Dspark.executor.cores=1", "-Dspark.cores.max=2",
                "-Dspark.executor.extraClassPath=" + classpath, "-Dspark.sql.shuffle.partitions=4",
                "-Dspark.sql.session.timeZone=UTC",
                SparkForecastJob.class.getName(), "--data", data.toString(), "--model", modelFile.toString(),
                "--partitions", "4", "--out", out.toString()));
        if (!driver.waitFor(240, TimeUnit.SECONDS)) {
            fail("the job did not finish in 4 minutes: " + Files.readString(dir.resolve("driver.log")));
        }
        String log = Files.readString(dir.resolve("driver.log"));
        assertEquals(0, driver.exitValue(), log);
        assertTrue(log.contains("forecast 200 series"), log);
        String executors = String.join("\n", executorLogs(dir.resolve("work").toFile()));
        assertTrue(executors.contains("jrnn: using backend 'ejml'"), "the executors chose the pure-Java backend: "
                + executors);

        Map<String, Double> expected = new HashMap<>();
        for (Row r : JrnnSpark.forecast(local.read().parquet(data.toString()), ForecastColumns.defaults(), model, 6)
                .collectAsList()) {
            expected.put(r.getString(0) + "/" + r.getInt(2), r.getDouble(3));
        }
        List<Row> actual = local.read().parquet(out.toString()).collectAsList();
        assertEquals(expected.size(), actual.size());
        for (Row r : actual) {
            double e = expected.get(r.getString(0) + "/" + r.getInt(2));
            assertEquals(e, r.getDouble(3), 1e-9 * Math.max(1, Math.abs(e)), r.toString());
        }
    }

    /** The stderr of every executor the workers started. */
    private static List<String> executorLogs(File work) throws IOException {
        List<String> out = new ArrayList<>();
        try (var files = Files.walk(work.toPath())) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                out.add(Files.readString(p));
            }
        }
        return out;
    }
}
