package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Spark's own programs (a standalone master and workers, {@code spark-submit}) as separate JVMs
 * from Maven's jars alone, with the JVM options Spark's launcher gives Java 17, each logging to a
 * file of the given folder; stopped, latest first, by {@link #close()}.
 */
final class SparkProcesses implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;
    private final List<Process> processes = new ArrayList<>();

    /**
     * @param dir the logs' folder, and Spark's home and workers' folder: no Spark installation is
     *            needed ({@code SPARK_TESTING} lets the launcher do without one's {@code jars})
     */
    SparkProcesses(Path dir) {
        this.dir = dir;
        this.env = Map.of("SPARK_HOME", dir.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_TESTING", "1",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_WORKER_DIR", dir.resolve("work").toString());
    }

    /** The job's jar that {@code package} builds (its path in the {@code jrnn.spark.job.jar} property). */
    static Path jobJar() {
        String jar = System.getProperty("jrnn.spark.job.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("the job's jar is built by 'package' before this test runs (property jrnn.spark.job.jar: " + jar + ")");
        }
        return Path.of(jar);
    }

    /** Where the classes live that only the job's jar brings: jrnn, its pure-Java backend's EJML, picocli. */
    private static final List<String> JOB_PACKAGES = List.of("dev/jrnn/", "org/ejml/", "picocli/");

    /**
     * Spark's classpath as a cluster has it: this test's classpath without the module's classes and
     * without the jars of jrnn and of the libraries only jrnn uses ({@link #JOB_PACKAGES}), which the
     * job's jar brings; the libraries that Spark and jrnn both use stay, as a Spark installation has
     * them.
     */
    static String sparkClasspath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar") && !jobOnly(p)) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static boolean jobOnly(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    return JOB_PACKAGES.stream().anyMatch(name::startsWith);
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** A JVM of 512 MiB on {@code classpath} running {@code mainAndArgs}, logging to {@code name.log}. */
    Process start(String name, String classpath, String... mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(List.of(javaOptions().split("\\s+")));
        command.add("-cp");
        command.add(classpath);
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** The options Spark's launcher gives a JVM on Java 17 (the module's POM passes them in). */
    static String javaOptions() {
        return System.getProperty("jrnn.spark.java.options", "").trim();
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** Waits up to {@code seconds} for {@code p} to end; fails with its log if it does not. */
    String awaitExit(Process p, String name, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            fail(name + " did not finish in " + seconds + " s: " + Files.readString(log(name)));
        }
        return Files.readString(log(name));
    }

    /**
     * A standalone master and {@code workers} workers of one core each on the loopback address,
     * running on {@code classpath}; returns the master's URL once all listen.
     */
    String cluster(String classpath, int workers) throws Exception {
        int masterPort = freePort();
        Process master = start("master", classpath, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", "" + masterPort, "--webui-port", "" + freePort());
        awaitPort(masterPort, master, "master");
        String url = "spark://127.0.0.1:" + masterPort;
        for (int w = 1; w <= workers; w++) {
            int port = freePort();
            Process worker = start("worker" + w, classpath, "org.apache.spark.deploy.worker.Worker", "--host",
                    "127.0.0.1", "--port", "" + port, "--webui-port", "" + freePort(), "--cores", "1", "--memory",
                    "768m", url);
            awaitPort(port, worker, "worker" + w);
        }
        return url;
    }

    /** The stderr of every executor the workers started. */
    String executorLogs() throws IOException {
        StringBuilder out = new StringBuilder();
        Path work = dir.resolve("work");
        if (Files.isDirectory(work)) {
            try (var files = Files.walk(work)) {
                for (Path p : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                    out.append(Files.readString(p)).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, Process p, String name) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                fail(name + " exited early: " + Files.readString(log(name)));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(300);
            }
        }
        fail("nothing listens on " + port + ": " + Files.readString(log(name)));
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
