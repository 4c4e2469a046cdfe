package dev.jrnn.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ONNX Runtime peer of the side-by-side: the LSTM inference workloads (W1, W5) on PyTorch's
 * {@code nn.LSTM} exported to ONNX ({@code peers/export_onnx_lstm.py}), run through ONNX Runtime's
 * Java API with {@code --threads} intra-op threads, as a Java service that serves an exported model
 * would. One operation is one {@link OrtSession#run} on a [T, B, I] input (all outputs computed).
 *
 * <p>Timing follows the other peers ({@code peers/torch_rnn_bench.py}): 20 warm-up runs, then at least
 * {@code --min-iters} runs and {@code --min-seconds} (at most {@code --max-iters}); it reports the median
 * and minimum ms, the process's CPU time over wall time and the same JSON ({@code info}, {@code results}).
 * Before timing, ORT's h_n on the export's check input must match PyTorch's ({@code <model>.check.txt}).
 *
 * <p>With {@code --jrnn ejml,nd4j} it times jrnn's {@link WorkloadSession} on those backends in the
 * same JVM instead, in turns with ORT ({@code --pairs} rounds, the order rotating), and prints each
 * backend's median beside ORT's and the quartiles of the per-round ratio jrnn / ORT, and each
 * contestant's mean CPU time per run (the process's, all threads, ORT's native ones included): on
 * a shared machine a ratio within a round is steadier than one between separate processes.
 *
 * <pre>
 * java -cp benchmarks.jar dev.jrnn.benchmarks.OrtRnnBench --model lstm.onnx --workloads W1,W5 --threads 2
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.jrnn.benchmarks.OrtRnnBench \
 *     --model lstm.onnx --jrnn ejml,nd4j --pairs 200
 * </pre>
 */
@Command(name = "ort-rnn-bench", mixinStandardHelpOptions = true,
        description = "Times LSTM inference (W1, W5) in ONNX Runtime's Java API.")
public final class OrtRnnBench implements Callable<Integer> {
    /** Largest |ORT - PyTorch| accepted on the check input's h_n (float32, 100 steps). */
    static final double CHECK_TOLERANCE = 1e-4;
    private static final int WARMUP = 20;

    @Option(names = "--model", required = true, description = "the ONNX file written by export_onnx_lstm.py")
    Path model;

    @Option(names = "--workloads", defaultValue = "W1,W5", split = ",",
            description = "inference workloads with I=32 H=128 (default: ${DEFAULT-VALUE})")
    List<Workload> workloads;

    @Option(names = "--threads", defaultValue = "2", description = "intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--min-iters", defaultValue = "20", description = "default: ${DEFAULT-VALUE}")
    int minIters;

    @Option(names = "--min-seconds", defaultValue = "3", description = "default: ${DEFAULT-VALUE}")
    double minSeconds;

    @Option(names = "--max-iters", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}")
    int maxIters;

    @Option(names = "--label", defaultValue = "", description = "free text stored in the JSON")
    String label;

    @Option(names = "--json", description = "where to write the results")
    Path json;

    @Option(names = "--jrnn", split = ",", description = "jrnn backends to time in turns with ORT in this JVM; "
            + "NAME:PROPERTY=VALUE creates the backend with that system property set (one setting against another)")
    List<String> jrnn;

    @Option(names = "--pairs", defaultValue = "200", description = "rounds with --jrnn (default: ${DEFAULT-VALUE})")
    int pairs;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OrtRnnBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws OrtException, IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                double diff = check(env, session, model);
                String info = String.format(Locale.ROOT, "{\"peer\": \"onnxruntime\", \"label\": \"%s\", \"onnxruntime\": "
                                + "\"%s\", \"java\": \"%s\", \"threads\": %d, \"model\": \"%s\", \"check_max_abs_diff\": %s}",
                        escape(label), escape(env.getVersion()), escape(System.getProperty("java.version")), threads,
                        escape(model.getFileName().toString()), diff);
                System.out.println(info);
                if (jrnn != null && !jrnn.isEmpty()) {
                    for (Workload w : workloads) {
                        inTurns(env, session, w);
                    }
                    return 0;
                }
                List<String> rows = new ArrayList<>();
                for (Workload w : workloads) {
                    rows.add(time(env, session, w));
                }
                if (json != null) {
                    Files.writeString(json, "{\"info\": " + info + ",\n \"results\": [\n  "
                            + String.join(",\n  ", rows) + "\n ]}\n");
                }
            }
        }
        return 0;
    }

    /** ORT's h_n on the check input against PyTorch's; throws when they differ; returns the largest difference. */
    static double check(OrtEnvironment env, OrtSession session, Path model) throws IOException, OrtException {
        List<String> lines = Files.readAllLines(Path.of(model + ".check.txt"));
        if (lines.size() < 4 || !lines.get(0).startsWith("x ") || !lines.get(2).startsWith("h_n ")) {
            throw new IOException(model + ".check.txt: expected the lines 'x dims', values, 'h_n dims', values");
        }
        long[] xShape = dims(lines.get(0));
        float[] x = values(lines.get(1));
        float[] expected = values(lines.get(3));
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), xShape);
             OrtSession.Result result = session.run(Map.of("x", input))) {
            float[] got = flat(result.get("h_n").orElseThrow());
            if (got.length != expected.length) {
                throw new IllegalStateException("ORT's h_n has " + got.length + " values, PyTorch's " + expected.length);
            }
            double max = 0;
            for (int i = 0; i < got.length; i++) {
                max = Math.max(max, Math.abs(got[i] - expected[i]));
            }
            if (!(max <= CHECK_TOLERANCE)) {
                throw new IllegalStateException("ORT's h_n differs from PyTorch's by " + max + " (tolerance "
                        + CHECK_TOLERANCE + "): the export is wrong");
            }
            return max;
        }
    }

    /** jrnn's sessions and ORT in turns, the order rotating each round; medians and ratios jrnn / ORT. */
    private void inTurns(OrtEnvironment env, OrtSession session, Workload w) throws OrtException {
        WorkloadShape s = servedShape(w);
        List<WorkloadSession> sessions = new ArrayList<>();
        try (OnnxTensor input = input(env, s)) {
            for (String name : jrnn) {
                sessions.add(new WorkloadSession(backend(name), s, 1));
            }
            Map<String, OnnxTensor> feed = Map.of("x", input);
            int n = sessions.size() + 1;
            for (int i = 0; i < WARMUP * 2; i++) {
                session.run(feed).close();
                sessions.forEach(WorkloadSession::run);
            }
            double[][] ms = new double[n][pairs];
            double[] cpuMs = new double[n];
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            for (int r = 0; r < pairs; r++) {
                for (int k = 0; k < n; k++) {
                    int c = (k + r) % n;
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    if (c == sessions.size()) {
                        session.run(feed).close();
                    } else {
                        sessions.get(c).run();
                    }
                    ms[c][r] = (System.nanoTime() - t0) / 1e6;
                    cpuMs[c] += (processCpuNanos() - c0) / 1e6 / pairs;
                }
            }
            double cpu = (processCpuNanos() - cpu0) / 1e9 / ((System.nanoTime() - start) / 1e9);
            double[] ort = ms[sessions.size()];
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s, %d rounds, process cpu/wall %.2f: "
                    + "ORT median %.3f ms (CPU mean %.3f ms)", w.describe(), pairs, cpu, PairedRatios.quantile(ort, 0.5),
                    cpuMs[sessions.size()]));
            for (int c = 0; c < sessions.size(); c++) {
                PairedRatios r = new PairedRatios(ort, ms[c]);
                line.append(String.format(Locale.ROOT, "; jrnn-%s median %.3f ms (CPU mean %.3f ms), jrnn/ORT per "
                        + "round: median %.3f, quartiles %.3f-%.3f", jrnn.get(c), r.medianB(), cpuMs[c], r.ratio(0.5),
                        r.ratio(0.25), r.ratio(0.75)));
            }
            System.out.println(line);
        } finally {
            sessions.forEach(WorkloadSession::close);
        }
    }

    /**
     * The backend {@code NAME}, or for {@code NAME:PROPERTY=VALUE} the backend created while that system
     * property is VALUE (a backend reads its settings when it is created); the property is restored.
     */
    private Backend backend(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return Backends.get(spec);
        }
        String setting = spec.substring(colon + 1);
        int eq = setting.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--jrnn " + spec + ": expected NAME or NAME:PROPERTY=VALUE");
        }
        String property = setting.substring(0, eq);
        String previous = System.getProperty(property);
        System.setProperty(property, setting.substring(eq + 1));
        try {
            return Backends.get(spec.substring(0, colon));
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    private WorkloadShape servedShape(Workload w) {
        WorkloadShape s = w.shape();
        if (s.training() || !s.cell().equals("lstm") || s.inputSize() != 32 || s.hiddenSize() != 128) {
            throw new CommandLine.ParameterException(new CommandLine(this), w.describe()
                    + ": the exported model serves LSTM inference with I=32 H=128 only (W1, W5)");
        }
        return s;
    }

    /** A uniform random input [T, B, I] for the workload, as {@link WorkloadSession} draws its own. */
    private static OnnxTensor input(OrtEnvironment env, WorkloadShape s) throws OrtException {
        float[] data = new float[s.steps() * s.batch() * s.inputSize()];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {s.steps(), s.batch(), s.inputSize()});
    }

    private String time(OrtEnvironment env, OrtSession session, Workload w) throws OrtException {
        WorkloadShape s = servedShape(w);
        try (OnnxTensor input = input(env, s)) {
            Map<String, OnnxTensor> feed = Map.of("x", input);
            for (int i = 0; i < WARMUP; i++) {
                session.run(feed).close();
            }
            double[] ms = new double[maxIters];
            int n = 0;
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            while (n < minIters || (System.nanoTime() - start < minSeconds * 1e9 && n < maxIters)) {
                if (n == ms.length) {
                    ms = Arrays.copyOf(ms, 2 * n);
                }
                long t0 = System.nanoTime();
                session.run(feed).close();
                ms[n++] = (System.nanoTime() - t0) / 1e6;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double[] sorted = Arrays.copyOf(ms, n);
            Arrays.sort(sorted);
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            double flops = s.flops();
            System.out.printf(Locale.ROOT, "%s median %.3f ms  min %.3f ms  %.2f GFLOP/s  iters=%d cpu/wall=%.2f%n",
                    w.describe(), median, sorted[0], flops / (median * 1e-3) / 1e9, n, cpu / wall);
            return String.format(Locale.ROOT, "{\"workload\": \"%s\", \"cell\": \"LSTM\", \"mode\": \"infer\", \"I\": %d, "
                            + "\"H\": %d, \"B\": %d, \"T\": %d, \"gflop\": %s, \"median_ms\": %s, \"min_ms\": %s, "
                            + "\"iters\": %d, \"gflops_median\": %s, \"gflops_best\": %s, \"cpu_util\": %s}", w.name(),
                    s.inputSize(), s.hiddenSize(), s.batch(), s.steps(), flops / 1e9, median, sorted[0], n,
                    flops / (median * 1e-3) / 1e9, flops / (sorted[0] * 1e-3) / 1e9, cpu / wall);
        }
    }

    private static float[] flat(ai.onnxruntime.OnnxValue value) throws OrtException {
        OnnxTensor t = (OnnxTensor) value;
        FloatBuffer b = t.getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    private static long[] dims(String line) {
        String[] parts = line.trim().split("\\s+");
        long[] d = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            d[i - 1] = Long.parseLong(parts[i]);
        }
        return d;
    }

    private static float[] values(String line) {
        String[] parts = line.trim().split("\\s+");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0L;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
