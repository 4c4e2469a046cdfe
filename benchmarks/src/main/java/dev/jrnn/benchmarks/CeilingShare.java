package dev.jrnn.benchmarks;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A workload's share of its backend's GEMM ceiling inside one JVM: one run of the workload and one
 * float32 {@code Backend.matmul} of two [n, n] matrices (the side-by-side's ceiling, {@code 2 n^3}
 * FLOPs) alternate, so that both see the same machine; printed are the medians, the mean process CPU
 * time per run (every thread), and the share
 * {@code (workload GFLOP/s) / (ceiling GFLOP/s)} per pair (median, quartiles) and by CPU time. On a
 * shared machine the CPU share says what the workload's products and the rest cost against the
 * products at their best, whatever the other processes took.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.jrnn.benchmarks.CeilingShare \
 *     --backend nd4j --workload W4 --pairs 20
 * </pre>
 */
@Command(name = "ceiling-share", mixinStandardHelpOptions = true,
        description = "Times a workload and the GEMM ceiling in turns in one JVM; prints the workload's share of the ceiling.")
public final class CeilingShare implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "nd4j", description = "backend name (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--workload", required = true, description = "one of ${COMPLETION-CANDIDATES}")
    Workload workload;

    @Option(names = "--n", defaultValue = "2048", description = "the ceiling's matrix size (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--pairs", defaultValue = "20", description = "measured pairs (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--warmup", defaultValue = "10", description = "pairs before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CeilingShare()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        if (pairs < 1 || warmup < 0 || n < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--pairs and --n take at least 1, --warmup at least 0");
        }
        Backend be = Backends.get(backend);
        SplittableRandom random = new SplittableRandom(3);
        double workloadFlops = workload.shape().flops();
        double gemmFlops = GemmBenchmark.flops(n);
        try (Tensor a = square(be, random); Tensor b = square(be, random);
             WorkloadSession session = new WorkloadSession(be, workload.shape(), 7)) {
            for (int i = 0; i < warmup; i++) {
                session.run();
                product(be, a, b);
            }
            double[] run = new double[pairs];
            double[] gemm = new double[pairs];
            double[] share = new double[pairs];
            double runCpu = 0;
            double gemmCpu = 0;
            for (int i = 0; i < pairs; i++) {
                long c0 = PairedAb.processCpuNanos();
                long t0 = System.nanoTime();
                session.run();
                long t1 = System.nanoTime();
                long c1 = PairedAb.processCpuNanos();
                product(be, a, b);
                long t2 = System.nanoTime();
                runCpu += (c1 - c0) / 1e6;
                gemmCpu += (PairedAb.processCpuNanos() - c1) / 1e6;
                run[i] = (t1 - t0) / 1e6;
                gemm[i] = (t2 - t1) / 1e6;
                share[i] = (workloadFlops / run[i]) / (gemmFlops / gemm[i]);
            }
            runCpu /= pairs;
            gemmCpu /= pairs;
            PairedRatios ratios = new PairedRatios(gemm, run);
            System.out.printf(Locale.ROOT, "%s on %s, %d pairs: workload median %.2f ms (%.1f GFLOP/s, CPU mean %.2f ms),"
                            + " %d^3 GEMM median %.2f ms (%.1f GFLOP/s, CPU mean %.2f ms); share of the ceiling per pair:"
                            + " median %.3f, quartiles %.3f-%.3f; by CPU time %.3f%n",
                    workload.describe(), backend, pairs, ratios.medianB(), workloadFlops / ratios.medianB() / 1e6,
                    runCpu, n, ratios.medianA(), gemmFlops / ratios.medianA() / 1e6, gemmCpu,
                    quantile(share, 0.5), quantile(share, 0.25), quantile(share, 0.75),
                    (workloadFlops / runCpu) / (gemmFlops / gemmCpu));
        }
        return 0;
    }

    private Tensor square(Backend be, SplittableRandom random) {
        float[] data = new float[n * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() - 0.5);
        }
        return be.fromArray(data, Shape.of(n, n));
    }

    private static void product(Backend be, Tensor a, Tensor b) {
        try (TensorScope scope = TensorScope.open()) {
            be.matmul(a, b);
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
