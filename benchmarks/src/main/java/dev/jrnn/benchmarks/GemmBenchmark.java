package dev.jrnn.benchmarks;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import java.util.SplittableRandom;
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
 * The FP32 GEMM ceiling of a backend: {@code C = A B} with square [n, n] float32 operands through
 * {@link Backend#matmul(Tensor, Tensor)}, {@code 2 n^3} FLOPs per operation. One element of C is
 * read back, which also waits for backends that compute asynchronously. The forked JVM runs with
 * the Vector API module, which the EJML backend's SIMD kernels need.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBenchmark {

    /** The backend's name, as {@link dev.jrnn.api.backend.BackendProvider#name()}. */
    @Param({"ejml"})
    public String backend;

    /** The side of the square matrices. */
    @Param({"2048"})
    public int n;

    private Backend be;
    private Tensor a;
    private Tensor b;

    /** The FLOPs of one n-by-n-by-n product. */
    public static double flops(int n) {
        return 2.0 * n * n * (double) n;
    }

    /** Creates the backend and two random matrices. */
    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.get(backend);
        SplittableRandom random = new SplittableRandom(3);
        a = random(random);
        b = random(random);
    }

    private Tensor random(SplittableRandom random) {
        float[] data = new float[n * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() - 0.5);
        }
        return be.fromArray(data, Shape.of(n, n));
    }

    /** One product, freed by its scope. */
    @Benchmark
    public double matmul() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor c = be.matmul(a, b);
            return be.slice(be.slice(c, 0, 0, 1), 1, 0, 1).item();
        }
    }

    /** Frees the operands. */
    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
    }
}
