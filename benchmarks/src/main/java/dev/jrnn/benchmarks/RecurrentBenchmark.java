package dev.jrnn.benchmarks;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workloads W1-W5 through jrnn's public model API on the backend named by {@code backend}
 * (looked up with {@link Backends#get(String)}); one benchmark operation is one inference pass or
 * one training step. The forked JVM runs with the Vector API module, which the EJML backend's
 * SIMD kernels need (without it they fall back to scalar Java). {@link JrnnBenchmarks} sets
 * {@code backend} to every backend present and reports GFLOP/s from {@link WorkloadShape#flops()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class RecurrentBenchmark {

    /** The backend's name, as {@link dev.jrnn.api.backend.BackendProvider#name()}. */
    @Param({"ejml"})
    public String backend;

    /** The workload, {@link Workload}'s constant name. */
    @Param({"W1", "W2", "W3", "W4", "W5"})
    public String workload;

    private WorkloadSession session;

    /** Creates the backend, the layer and the data. */
    @Setup(Level.Trial)
    public void setUp() {
        Backend be = Backends.get(backend);
        session = new WorkloadSession(be, Workload.valueOf(workload).shape(), 1);
    }

    /** One inference pass or training step; the result keeps the work from being optimised away. */
    @Benchmark
    public double run() {
        return session.run();
    }

    /** Frees the session's tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }
}
