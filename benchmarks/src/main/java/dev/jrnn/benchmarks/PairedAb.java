package dev.jrnn.benchmarks;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An A/B of one setting inside one JVM: a workload's operation run in pairs, a system property at
 * value A for one run of the pair and at B for the other (which goes first alternates), then the
 * medians and the per-pair ratio B / A ({@link PairedRatios}). Only settings read at each operation
 * can be compared this way (such as {@code jrnn.nd4j.matmul}); those read once when a backend loads
 * need separate JVMs (JMH).
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
        String previous = System.getProperty(property);
        Backend be = Backends.get(backend);
        try (WorkloadSession session = new WorkloadSession(be, workload.shape(), 7)) {
            for (int i = 0; i < warmup; i++) {
                System.setProperty(property, values[i % 2]);
                session.run();
            }
            double[] a = new double[pairs];
            double[] b = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                boolean aFirst = i % 2 == 0;
                double first = timed(session, values[aFirst ? 0 : 1]);
                double second = timed(session, values[aFirst ? 1 : 0]);
                a[i] = aFirst ? first : second;
                b[i] = aFirst ? second : first;
            }
            PairedRatios r = new PairedRatios(a, b);
            System.out.printf(Locale.ROOT, "%s on %s, %d pairs: %s=%s median %.3f ms, %s=%s median %.3f ms, "
                            + "B/A per pair: median %.3f, quartiles %.3f-%.3f%n", workload.describe(), backend, pairs,
                    property, values[0], r.medianA(), property, values[1], r.medianB(), r.ratio(0.5), r.ratio(0.25),
                    r.ratio(0.75));
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }
        return 0;
    }

    private double timed(WorkloadSession session, String value) {
        System.setProperty(property, value);
        long t0 = System.nanoTime();
        session.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}
