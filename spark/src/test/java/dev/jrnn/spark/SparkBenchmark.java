package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.GlobalForecaster;
import dev.jrnn.forecast.train.FitListener;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Throughput of jrnn on Spark in local mode against the single-JVM loop, on seeded synthetic series
 * without timestamps (an M4-like global model: a week of hourly data read a day per step, 64 LSTM
 * features, quantile head, 48 steps ahead):
 *
 * <ul>
 *   <li>{@code forecast N...}: series per second of {@link BatchForecasts} (Parquet in, Spark's no-op
 *       sink out, and Parquet out) against {@code forecastAll} over the same series in batches of 512
 *       in one JVM (the series made outside the timed calls), and the heap each needs; with one network,
 *       and with the 15 of the m4 command's default model (3 seeds x 5 snapshots, median);</li>
 *   <li>{@code train N...}: training windows per second of {@link DistributedTrainer} (one local step,
 *       and 8) against {@link ForecastTrainer} in one JVM, one epoch of 24 windows per series.</li>
 * </ul>
 *
 * Not a test: run it with {@code spark/bench.sh}. The series are written to Parquet once per size,
 * under the folder given by {@code -Djrnn.bench.dir} (default {@code target/spark-bench});
 * {@code -Djrnn.bench.networks=1} forecasts with one network only (default {@code 1,15}),
 * {@code -Djrnn.bench.parquet=false} leaves out the pass that writes Parquet,
 * {@code -Djrnn.bench.loop=false} the single-JVM loop (Spark alone, for the largest sizes),
 * {@code -Djrnn.bench.layout=spread} deals every series' rows over all files, {@code bucketed} writes a table
 * bucketed by series (default {@code clustered}: whole series per file), and
 * {@code -Djrnn.bench.localSteps=8} trains with eight local steps only (default {@code 1,8}), and
 * {@code -Djrnn.bench.marks=true} prints when each pass starts (the JVM's uptime).
 */
public final class SparkBenchmark {
    private static final int SEASON = 24;
    private static final int HORIZON = 48;
    private static final int BATCH = 512;
    /** The networks of the m4 command's default model: 3 seeds x 5 snapshots. */
    private static final int NETWORKS = 15;

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SparkBenchmark forecast|train N [N ...]");
            System.exit(2);
        }
        Path dir = Path.of(System.getProperty("jrnn.bench.dir", "target/spark-bench"));
        Files.createDirectories(dir);
        String master = System.getProperty("jrnn.bench.master", "local[2]");
        SparkSession spark = SparkSession.builder().master(master).appName("jrnn-spark-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toAbsolutePath().toString())
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf(Locale.ROOT, "# %s, %s, heap max %d MiB, %d cores, load average %.1f%n", master,
                spark.version(), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int i = 1; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            Dataset<Row> data = data(spark, dir, n);
            if (args[0].equals("forecast")) {
                forecast(spark, data, n, dir);
            } else {
                train(data, n);
            }
        }
        spark.stop();
    }

    private static List<Spec> specs(int n) {
        return SyntheticSeries.specs(n, 200, 400, SEASON, false, 20261207L);
    }

    /**
     * The series of size {@code n} as Parquet, written on the first run in the layout that
     * {@code -Djrnn.bench.layout} names: {@code clustered} (the default: each file holds whole series,
     * each series' rows together and in time order, as a lake's table partitioned, bucketed or sorted by
     * series is; made without a shuffle), {@code spread} (rows dealt round robin, so that every file
     * holds part of every series), or {@code bucketed} (a table bucketed by series, one file per bucket
     * sorted by series and time, read with its buckets: Spark knows each series to be in one partition).
     */
    private static Dataset<Row> data(SparkSession spark, Path dir, int n) {
        String layout = System.getProperty("jrnn.bench.layout", "clustered");
        if (!layout.equals("clustered") && !layout.equals("spread") && !layout.equals("bucketed")) {
            throw new IllegalArgumentException("jrnn.bench.layout is '" + layout
                    + "'; it must be clustered, spread or bucketed");
        }
        Path file = dir.resolve("series-" + n + "-" + layout + ".parquet");
        int files = Math.max(2, n / 20_000);
        String table = "series_" + n;
        if (!Files.exists(file.resolve("_SUCCESS"))) {
            long t = System.nanoTime();
            Dataset<Row> rows = SyntheticSeries.rows(spark, specs(n), files, layout.equals("spread"));
            if (layout.equals("bucketed")) {
                rows.repartition(files, col("series_id")).write().bucketBy(files, "series_id")
                        .sortBy("series_id", "time").option("path", file.toAbsolutePath().toString()).saveAsTable(table);
            } else {
                rows.write().mode("overwrite").parquet(file.toString());
            }
            System.out.printf(Locale.ROOT, "wrote %d series to %s in %.1f s%n", n, file, (System.nanoTime() - t) / 1e9);
        }
        System.out.printf(Locale.ROOT, "# %d series, %s layout%n", n, layout);
        if (layout.equals("bucketed")) {
            // a later run's session declares the table again over its files; Spark reads a bucketed
            // table without its buckets where no operator of the query needs them, unless told otherwise
            spark.conf().set("spark.sql.sources.bucketing.autoBucketedScan.enabled", "false");
            spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (series_id STRING, `time` BIGINT, value DOUBLE) USING parquet"
                    + " CLUSTERED BY (series_id) SORTED BY (series_id, time) INTO " + files + " BUCKETS LOCATION '"
                    + file.toAbsolutePath() + "'");
            return spark.table(table);
        }
        return spark.read().parquet(file.toString());
    }

    /** The networks of {@code jrnn m4}: the global model's defaults for long, positive series. */
    private static ForecastConfig config(int epochs) {
        return GlobalForecaster.defaults(SEASON, HORIZON, Integer.MAX_VALUE / 2, true).epochs(epochs)
                .dtype(DType.FLOAT32).seed(1).build();
    }

    private static void forecast(SparkSession spark, Dataset<Row> data, int n, Path dir) throws Exception {
        Backend backend = Backends.get("ejml");
        List<Spec> specs = specs(n);
        List<Forecaster> networks = new ArrayList<>();
        for (int k = 0; k < NETWORKS; k++) {
            networks.add(ForecastTrainer.fit(backend, config(0).withSeed(1 + k), List.of(specs.get(0).series()), null));
        }
        for (String m : System.getProperty("jrnn.bench.networks", "1," + NETWORKS).split(",")) {
            int k = Integer.parseInt(m.trim());
            forecast(spark, data, n, dir, k + (k == 1 ? " network" : " networks"), new ForecastModel(List.of(
                    new NetworkEnsemble("networks", networks.subList(0, k))), "", List.of()), specs);
        }
    }

    private static void forecast(SparkSession spark, Dataset<Row> data, int n, Path dir, String what,
                                 ForecastModel model, List<Spec> specs) throws Exception {
        boolean withLoop = Boolean.parseBoolean(System.getProperty("jrnn.bench.loop", "true"));
        HeapPeak heap = HeapPeak.start();
        MemoryWork loopMemory = MemoryWork.start();
        CpuSplit loopSplit = CpuSplit.now();
        long loopCpu = cpu();
        long loopNanos = 0;
        long makingCpu = 0;
        ThreadMXBean main = ManagementFactory.getThreadMXBean();
        mark("loop");
        for (int from = 0; withLoop && from < n; from += BATCH) {
            long making = main.getCurrentThreadCpuTime();
            List<TimeSeries> batch = new ArrayList<>();
            for (Spec s : specs.subList(from, Math.min(n, from + BATCH))) {
                batch.add(s.series());
            }
            makingCpu += main.getCurrentThreadCpuTime() - making;
            long t = System.nanoTime();
            model.forecastAll(batch);
            loopNanos += System.nanoTime() - t;
        }
        long loopHeap = heap.stop();
        String loopMemoryWork = loopMemory.stop();
        loopCpu = cpu() - loopCpu;
        String loopThreads = loopSplit.since();

        heap = HeapPeak.start();
        MemoryWork sparkMemory = MemoryWork.start();
        long classes = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
        ShuffleBytes shuffle = ShuffleBytes.start(spark);
        CpuSplit sparkSplit = CpuSplit.now();
        mark("Spark");
        long sparkCpu = cpu();
        long t = System.nanoTime();
        BatchForecasts job = BatchForecasts.of(spark, model, HORIZON, options());
        job.forecast(data, ForecastColumns.defaults()).write().format("noop").mode("overwrite").save();
        long sparkNanos = System.nanoTime() - t;
        long sparkHeap = heap.stop();
        String sparkMemoryWork = sparkMemory.stop();
        sparkCpu = cpu() - sparkCpu;
        String sparkThreads = sparkSplit.since();
        classes = CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - classes;
        String shuffled = shuffle.stop(spark);

        long parquetNanos = -1;
        if (Boolean.parseBoolean(System.getProperty("jrnn.bench.parquet", "true"))) {
            t = System.nanoTime();
            BatchForecasts.of(spark, model, HORIZON, options()).forecast(data, ForecastColumns.defaults())
                    .write().mode("overwrite").parquet(dir.resolve("forecasts-" + n + ".parquet").toString());
            parquetNanos = System.nanoTime() - t;
        }

        double viaSpark = job.seriesForecast() / (sparkNanos / 1e9);
        String sparkPart = String.format(Locale.ROOT, "Spark noop sink %.0f series/s (%.1f s, %.1f s CPU: %s; %d generated classes compiled; %s; heap peak %d MiB; %s)",
                viaSpark, sparkNanos / 1e9, sparkCpu / 1e9, sparkThreads, classes, sparkMemoryWork, sparkHeap >> 20, shuffled);
        String loopPart = "single-JVM loop not run";
        String ratios = "";
        if (withLoop) {
            double loop = n / (loopNanos / 1e9);
            loopPart = String.format(Locale.ROOT, "single-JVM loop %.0f series/s (%.1f s, %.1f s CPU, of it %.1f s making"
                    + " the series: %s; %s; heap peak %d MiB)", loop, loopNanos / 1e9, loopCpu / 1e9, makingCpu / 1e9,
                    loopThreads, loopMemoryWork, loopHeap >> 20);
            // the loop's series are made from their seeds between its calls, Spark's read from Parquet: the
            // second ratio leaves out the loop's making of them (its main thread's CPU; their garbage stays in)
            ratios = String.format(Locale.ROOT, "; time ratio %.2f, CPU ratio %.2f (%.2f to the loop without making"
                    + " the series)", loop / viaSpark, (double) sparkCpu / loopCpu, (double) sparkCpu / (loopCpu - makingCpu));
        }
        String parquetPart = parquetNanos < 0 ? "" : String.format(Locale.ROOT, "; Parquet to Parquet %.1f s",
                parquetNanos / 1e9);
        System.out.printf(Locale.ROOT, "forecast %d series, %s: %s; %s%s%s%n", n, what, loopPart, sparkPart, ratios,
                parquetPart);
    }

    /**
     * With {@code -Djrnn.bench.marks=true}, a line saying when (the JVM's uptime) a phase starts, to
     * place the lines of {@code -XX:+PrintCompilation} or a recording in the phases.
     */
    private static void mark(String phase) {
        if (Boolean.getBoolean("jrnn.bench.marks")) {
            System.out.printf(Locale.ROOT, "# %s pass from %d ms of uptime%n", phase,
                    ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }

    /** The job's options: the defaults, or {@code -Djrnn.bench.partitions=N} partitions of the series. */
    private static BatchOptions options() {
        int partitions = Integer.getInteger("jrnn.bench.partitions", 0);
        return partitions > 0 ? BatchOptions.defaults().withPartitions(partitions) : BatchOptions.defaults();
    }

    private static void train(Dataset<Row> data, int n) {
        ForecastConfig config = config(1);
        List<TimeSeries> series = new ArrayList<>();
        for (Spec s : specs(n)) {
            if (s.length() >= config.trainingLength()) {
                series.add(s.series());
            }
        }
        double[] loss = new double[1];
        long t = System.nanoTime();
        ForecastTrainer.fit(Backends.get("ejml"), config, series, (FitListener) (e, es, l, ms) -> loss[0] = l);
        double seconds = (System.nanoTime() - t) / 1e9;
        long windows = (long) series.size() * config.windowsPerSeries();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "train %d series (%d long enough), %d windows per epoch: single-JVM trainer %.0f windows/s (%.1f s), loss %.4f",
                n, series.size(), windows, windows / seconds, seconds, loss[0]));
        series = null;
        for (String steps : System.getProperty("jrnn.bench.localSteps", "1,8").split(",")) {
            int k = Integer.parseInt(steps.trim());
            long start = System.nanoTime();
            DistributedTrainer.Result r = DistributedTrainer.fit(data, ForecastColumns.defaults(), config,
                    DistributedTraining.defaults().localSteps(k).batchSize(64).partitions(2));
            double all = (System.nanoTime() - start) / 1e9;
            out.append(String.format(Locale.ROOT, "; k=%d: %.0f windows/s in the rounds (%d rounds, %.1f s; %.1f s with"
                    + " reading and caching), loss %.4f", k, r.windowsPerEpoch() / r.seconds(), r.rounds(), r.seconds(), all,
                    r.losses().get(0)));
        }
        System.out.println(out);
    }

    /** CPU time of the whole JVM (every thread: Spark's tasks, the backend's workers, the collector). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Where the JVM's CPU time went, from a snapshot to now: the main thread (the loop), jrnn's kernel
     * workers, Spark's threads and the JVM's other Java threads (by the JVM's thread CPU times), the JIT
     * compilers' threads and the collector's threads (by the operating system's count for each thread,
     * on Linux), the rest of the process's CPU time; and, as the JVM counts them, the compilers' time
     * (elapsed, so it grows with the load) and the collector's pauses.
     */
    private static final class CpuSplit {
        private static final List<String> GROUPS = List.of("main", "jrnn workers", "Spark and other threads",
                "JIT threads", "GC threads");
        private final long process;
        private final Map<String, Long> byGroup;
        private final long compileMillis;
        private final long gcMillis;
        /** The process's kernel-mode CPU (nanoseconds) and minor page faults, from /proc/self/stat (-1 without it). */
        private final long[] kernel;

        private CpuSplit(long process, Map<String, Long> byGroup, long compileMillis, long gcMillis, long[] kernel) {
            this.process = process;
            this.byGroup = byGroup;
            this.compileMillis = compileMillis;
            this.gcMillis = gcMillis;
            this.kernel = kernel;
        }

        static CpuSplit now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byGroup = new TreeMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    byGroup.merge(group(info.getThreadName()), nanos, Long::sum);
                }
            }
            nativeThreads(byGroup);
            long gc = 0;
            for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, c.getCollectionTime());
            }
            return new CpuSplit(cpu(), byGroup, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gc,
                    kernel());
        }

        /**
         * The process's CPU time in the kernel (system time, clock ticks taken as 100 a second) and its
         * minor page faults (first touches of memory: a heap's pages, a shuffle file's), from
         * {@code /proc/self/stat}; -1 for both where there is no such file.
         */
        private static long[] kernel() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(fields[12]) * 10_000_000L, Long.parseLong(fields[7])};
            } catch (java.io.IOException | RuntimeException e) {
                return new long[] {-1, -1};
            }
        }

        /**
         * The CPU time of the JVM's own threads that are not Java threads, the JIT compilers' and the
         * collector's, from {@code /proc/self/task} (user and system clock ticks, taken as 100 a second);
         * nothing where there is no such folder. A compiler thread that ended took its time with it: that
         * time stays in the rest.
         */
        private static void nativeThreads(Map<String, Long> byGroup) {
            Path tasks = Path.of("/proc/self/task");
            if (!Files.isDirectory(tasks)) {
                return;
            }
            try (var dirs = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) dirs::iterator) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).strip();
                        String group = comm.contains("CompilerThre") ? "JIT threads"
                                : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "GC threads" : null;
                        if (group != null) {
                            String stat = Files.readString(task.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                            byGroup.merge(group, ticks * 10_000_000L, Long::sum);
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended while it was read
                    }
                }
            } catch (java.io.IOException e) {
                // no per-thread times: they stay in the rest
            }
        }

        private static String group(String thread) {
            if (thread.startsWith("jrnn-worker")) {
                return "jrnn workers";
            }
            return thread.equals("main") ? "main" : "Spark and other threads";
        }

        /** Seconds of each since this snapshot. */
        String since() {
            CpuSplit later = now();
            StringBuilder out = new StringBuilder();
            long threads = 0;
            for (String g : GROUPS) {
                long d = later.byGroup.getOrDefault(g, 0L) - byGroup.getOrDefault(g, 0L);
                threads += d;
                out.append(String.format(Locale.ROOT, "%s %.1f s, ", g, d / 1e9));
            }
            out.append(String.format(Locale.ROOT, "the rest %.1f s (compile time %.1f s, GC pauses %.1f s)",
                    (later.process - process - threads) / 1e9, (later.compileMillis - compileMillis) / 1e3,
                    (later.gcMillis - gcMillis) / 1e3));
            if (kernel[0] >= 0 && later.kernel[0] >= 0) {
                out.append(String.format(Locale.ROOT, "; in the kernel %.1f s, %d thousand minor page faults",
                        (later.kernel[0] - kernel[0]) / 1e9, (later.kernel[1] - kernel[1]) / 1000));
            }
            return out.toString();
        }
    }

    /**
     * The memory work of a phase, which the load on the machine does not change: the bytes its Java
     * threads allocated, and the bytes the young collections kept (the survivor spaces after each, and
     * what each moved to the old generation): what the collector copied, the bulk of its work.
     */
    private static final class MemoryWork implements NotificationListener {
        private final long allocatedBefore = allocated();
        private long kept;
        private int collections;

        static MemoryWork start() {
            MemoryWork w = new MemoryWork();
            for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) c).addNotificationListener(w, null, null);
            }
            return w;
        }

        private static long allocated() {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long sum = 0;
            for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                sum += Math.max(0, b);
            }
            return sum;
        }

        @Override
        public synchronized void handleNotification(Notification n, Object handback) {
            if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (!info.getGcAction().contains("minor")) {
                return;
            }
            collections++;
            Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
            for (Map.Entry<String, MemoryUsage> after : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                String pool = after.getKey();
                long used = after.getValue().getUsed();
                if (pool.contains("Survivor")) {
                    kept += used;
                } else if (pool.contains("Old") || pool.contains("Tenured")) {
                    kept += Math.max(0, used - before.get(pool).getUsed());
                }
            }
        }

        /** What it measured, in words; the listener removed. */
        synchronized String stop() throws Exception {
            for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) c).removeNotificationListener(this);
            }
            return String.format(Locale.ROOT, "allocated %d MiB, %d young collections kept %d MiB",
                    (allocated() - allocatedBefore) >> 20, collections, kept >> 20);
        }
    }

    /** Spark's own count of the tasks a phase ran and the records and bytes they shuffled. */
    private static final class ShuffleBytes extends SparkListener {
        private long tasks;
        private long records;
        private long written;
        private long read;

        static ShuffleBytes start(SparkSession spark) {
            ShuffleBytes b = new ShuffleBytes();
            spark.sparkContext().addSparkListener(b);
            return b;
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            TaskMetrics m = end.taskMetrics();
            tasks++;
            if (m != null) {
                records += m.shuffleWriteMetrics().recordsWritten();
                written += m.shuffleWriteMetrics().bytesWritten();
                read += m.shuffleReadMetrics().localBytesRead() + m.shuffleReadMetrics().remoteBytesRead();
            }
        }

        /** What it counted, in words; the listener removed once the events so far are delivered. */
        String stop(SparkSession spark) throws InterruptedException {
            Thread.sleep(500); // the listener bus delivers the last tasks' ends after the job
            spark.sparkContext().removeSparkListener(this);
            synchronized (this) {
                return String.format(Locale.ROOT, "%d tasks, shuffled %d records, %.1f MiB written, %.1f MiB read",
                        tasks, records, written / 1048576.0, read / 1048576.0);
            }
        }
    }

    /** The largest heap in use seen while it runs, polled every 20 ms. */
    private static final class HeapPeak {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        private HeapPeak() {
            System.gc();
            thread = new Thread(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (p.getType() == MemoryType.HEAP) {
                            used += p.getUsage().getUsed();
                        }
                    }
                    peak = Math.max(peak, used);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            thread.setDaemon(true);
            thread.start();
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak;
        }
    }
}
