package dev.jrnn.benchmarks;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.reference.ReferenceBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What thread safety costs, timed in pairs inside one JVM ({@link PairedRatios}):
 * <ul>
 *   <li>a forward pass as shipped (one {@link WeightGuard} lease inside) against the same pass
 *       inside one more lease, on a guard of its own so that it is a first acquisition, not a
 *       re-entry: B - A is the cost of the lease each pass takes;</li>
 *   <li>a bare lease, taken and released in a loop (ns);</li>
 *   <li>a tensor made and closed inside a scope against one made and closed outside any scope,
 *       which the garbage-collection watch of {@code MemoryCounter} registers and cancels (ns).</li>
 * </ul>
 *
 * <p>Times are the calling thread's CPU time, not wall time: on a shared machine the time a thread
 * waits for a core adds far more noise than a lease costs. Work the backend hands to its worker
 * threads is not counted, for A and B alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.jrnn.benchmarks.GuardOverhead --backend ejml
 * </pre>
 */
@Command(name = "guard-overhead", mixinStandardHelpOptions = true,
        description = "Times the weight guard's lease per forward pass and the leak watch per tensor, in pairs.")
public final class GuardOverhead implements Callable<Integer> {
    private static final WorkloadShape TINY = new WorkloadShape("lstm", false, 8, 16, 1, 1);
    private static final int TENSORS_PER_RUN = 1000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Option(names = "--backend", defaultValue = "ejml", description = "backend name (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--pairs", defaultValue = "200", description = "measured pairs (default: ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--warmup", defaultValue = "100", description = "pairs before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GuardOverhead()).execute(args));
    }

    @Override
    public Integer call() {
        Backend be = Backends.get(backend);
        forward(be, Workload.W5.describe(), Workload.W5.shape(), 1);
        forward(be, "one LSTM step I=8 H=16 B=1 T=1", TINY, 200);
        lease();
        tensors(be);
        return 0;
    }

    /** Paired: {@code repeat} passes as shipped (A) against the same inside one more lease (B). */
    private void forward(Backend be, String title, WorkloadShape shape, int repeat) {
        Parameter other = new Parameter("other", be.zeros(Shape.of(1), DType.FLOAT32));
        WeightGuard extra = other.guard();
        try (WorkloadSession session = new WorkloadSession(be, shape, 7)) {
            Runnable plain = () -> {
                for (int i = 0; i < repeat; i++) {
                    session.run();
                }
            };
            Runnable leased = () -> {
                for (int i = 0; i < repeat; i++) {
                    try (WeightGuard.Lease lease = extra.read()) {
                        session.run();
                    }
                }
            };
            PairedRatios r = paired(plain, leased);
            double perPassA = r.medianA() * 1e3 / repeat;
            double perPassB = r.medianB() * 1e3 / repeat;
            System.out.printf(Locale.ROOT, "%s on %s, %d pairs of %d passes: as shipped %.2f us/pass, with one more"
                            + " lease %.2f us/pass; B/A per pair median %.4f (quartiles %.4f-%.4f)%n", title, be.name(),
                    pairs, repeat, perPassA, perPassB, r.ratio(0.5), r.ratio(0.25), r.ratio(0.75));
        }
        other.value().close();
    }

    /** A bare lease, uncontended: ns per take and release. */
    private void lease() {
        WeightGuard guard = new Parameter("w", new ReferenceBackend().zeros(Shape.of(1), DType.FLOAT64)).guard();
        int n = 1_000_000;
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 20; round++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                try (WeightGuard.Lease lease = guard.read()) {
                    // the lease itself is what is timed
                }
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / (double) n);
        }
        System.out.printf(Locale.ROOT, "lease taken and released, uncontended: %.1f ns (best of 20 rounds of %d)%n",
                best, n);
        int threads = Runtime.getRuntime().availableProcessors();
        double[] perThread = new double[threads];
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            running[t] = new Thread(() -> {
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < 10 * n; i++) {
                    try (WeightGuard.Lease lease = guard.read()) {
                        // as above, on every core at once
                    }
                }
                perThread[slot] = (THREADS.getCurrentThreadCpuTime() - t0) / (10.0 * n);
            });
        }
        for (Thread t : running) {
            t.start();
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.printf(Locale.ROOT, "lease taken and released by %d threads on one guard at once: %s ns each%n",
                threads, Arrays.toString(Arrays.stream(perThread)
                        .map(x -> Math.round(x * 10) / 10.0).toArray()));
    }

    /** Paired: tensors made and closed in a scope (A) against outside any scope, watched (B). */
    private void tensors(Backend be) {
        Shape shape = Shape.of(4);
        Runnable scoped = () -> {
            try (TensorScope scope = TensorScope.open()) {
                for (int i = 0; i < TENSORS_PER_RUN; i++) {
                    be.zeros(shape, DType.FLOAT32).close();
                }
            }
        };
        Runnable watched = () -> {
            try (TensorScope scope = TensorScope.open()) {
                scope.trackedCount();
            }
            for (int i = 0; i < TENSORS_PER_RUN; i++) {
                be.zeros(shape, DType.FLOAT32).close();
            }
        };
        PairedRatios r = paired(scoped, watched);
        System.out.printf(Locale.ROOT, "a FLOAT32[4] tensor on %s made and closed: in a scope %.1f ns, outside any scope"
                        + " (watched) %.1f ns; B/A per pair median %.3f (quartiles %.3f-%.3f)%n", be.name(),
                r.medianA() * 1e6 / TENSORS_PER_RUN, r.medianB() * 1e6 / TENSORS_PER_RUN, r.ratio(0.5),
                r.ratio(0.25), r.ratio(0.75));
    }

    /** Times {@code a} and {@code b} in pairs, alternating which goes first; milliseconds of CPU time. */
    private PairedRatios paired(Runnable a, Runnable b) {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[pairs];
        double[] tb = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean aFirst = i % 2 == 0;
            double first = timed(aFirst ? a : b);
            double second = timed(aFirst ? b : a);
            ta[i] = aFirst ? first : second;
            tb[i] = aFirst ? second : first;
        }
        return new PairedRatios(ta, tb);
    }

    private static double timed(Runnable r) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        r.run();
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    }
}
