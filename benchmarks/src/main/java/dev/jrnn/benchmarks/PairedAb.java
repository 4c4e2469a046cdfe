package dev.jrnn.benchmarks;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An A/B of one setting inside one JVM: two backends, one created with a system property at value
 * A and one at B (a backend reads its settings when it is created), each with the same workload
 * from the same seed, run in pairs (which goes first alternates), then the medians and the per-pair
 * ratio B / A ({@link PairedRatios}), and beside the wall times the process's CPU time per run
 * (all its threads: the caller's and the backend's workers; the mean, since the JVM counts it in
 * scheduler ticks), which shows what a run costs the machine when other work blurs the wall time. Settings applied when the natives load (the ND4J backend's
 * environment and JavaCPP settings) are fixed by the first backend and need separate JVMs (JMH).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.jrnn.benchmarks.PairedAb \
 *     --backend nd4j --workload W4 --property jrnn.nd4j.matmul --values false,true --pairs 100
 * </pre>
 */
@Command(name = "paired-ab", mixinStandardHelpOptions = true,
        description = "Times a workload with a system property at two values, alternating within each pair of runs.")
public final class PairedAb implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "nd4j", description = "backend name (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--workload", required = true, description = "one of ${COMPLETION-CANDIDATES}")
    Workload workload;

    @Option(names = "--property", required = true, description = "the system property to flip")
    String property;

    @Option(names = "--values", required = true, split = ",", arity = "1", description = "A,B: its two values")
    String[] values;

    @Option(names = "--pairs", defaultValue = "100", description = "measured pairs (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--warmup", defaultValue = "40", description = "runs before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PairedAb()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        if (values.length != 2 || pairs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--values takes two values A,B, --pairs at least 1 and --warmup at least 0");
        }
        Backend backendA = created(values[0]);
        Backend backendB = created(values[1]);
        try (WorkloadSession sessionA = new WorkloadSession(backendA, workload.shape(), 7);
             WorkloadSession sessionB = new WorkloadSession(backendB, workload.shape(), 7)) {
            for (int i = 0; i < warmup; i++) {
                (i % 2 == 0 ? sessionA : sessionB).run();
            }
            double[] a = new double[pairs];
            double[] b = new double[pairs];
            double[] cpuA = new double[pairs];
            double[] cpuB = new double[pairs];
            double[] cpu = new double[1];
            for (int i = 0; i < pairs; i++) {
                boolean aFirst = i % 2 == 0;
                double first = timed(aFirst ? sessionA : sessionB, cpu);
                double firstCpu = cpu[0];
                double second = timed(aFirst ? sessionB : sessionA, cpu);
                a[i] = aFirst ? first : second;
                b[i] = aFirst ? second : first;
                cpuA[i] = aFirst ? firstCpu : cpu[0];
                cpuB[i] = aFirst ? cpu[0] : firstCpu;
            }
            PairedRatios r = new PairedRatios(a, b);
            System.out.printf(Locale.ROOT, "%s on %s, %d pairs: %s=%s median %.3f ms (CPU mean %.3f ms), %s=%s median "
                            + "%.3f ms (CPU mean %.3f ms), B/A per pair: median %.3f, quartiles %.3f-%.3f%n", workload.describe(),
                    backend, pairs, property, values[0], r.medianA(), mean(cpuA), property,
                    values[1], r.medianB(), mean(cpuB), r.ratio(0.5), r.ratio(0.25),
                    r.ratio(0.75));
        }
        return 0;
    }

    /** The backend created while the property is {@code value}; the property is restored afterwards. */
    private Backend created(String value) {
        String previous = System.getProperty(property);
        System.setProperty(property, value);
        try {
            return Backends.get(backend);
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Wall ms of one run; {@code cpu[0]} gets the process's CPU ms meanwhile. */
    private static double timed(WorkloadSession session, double[] cpu) {
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        session.run();
        double ms = (System.nanoTime() - t0) / 1e6;
        cpu[0] = (processCpuNanos() - c0) / 1e6;
        return ms;
    }

    /** CPU time of all the process's threads, or 0 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0L;
    }
}
