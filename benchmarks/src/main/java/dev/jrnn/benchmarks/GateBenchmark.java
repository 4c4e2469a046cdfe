package dev.jrnn.benchmarks;

import dev.jrnn.kernels.CpuKernels;
import dev.jrnn.kernels.CpuSettings;
import dev.jrnn.kernels.Gru;
import dev.jrnn.kernels.Lstm;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FLOAT32 gate kernels of {@code cpu-kernels} alone, one time step of one block of batch rows:
 * the LSTM and GRU forward gate math (activations and new state from the pre-activations) and its
 * backward (gate gradients), as the sequence kernels call them. The time per element is the time
 * per operation over {@code rows x hidden} (each element is one hidden unit of one row: four LSTM
 * gates or three GRU gates). The shapes are W1's step (32 rows, hidden 128) and {@code jrnn m4}'s
 * training step (batch 128, hidden 64); {@code vector=false} runs the scalar kernels for comparison.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main GateBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GateBenchmark {

    /** Batch rows and hidden units, {@code ROWSxHIDDEN}. */
    @Param({"32x128", "128x64"})
    public String shape;

    /** Whether the Vector API kernels run (else the scalar ones). */
    @Param({"true"})
    public boolean vector;

    private Lstm lstm;
    private Gru gru;
    private int rows;
    private int hidden;
    private float[] pre;
    private float[] projection;
    private float[] bias;
    private float[] state;
    private float[] gates;
    private float[] cNext;
    private float[] hNext;
    private float[] dh;
    private float[] dc;
    private float[] dGates;
    private float[] dHidden;
    private float[] dcPrev;

    /** Random operands of the shape's sizes; gates in (0, 1) as the forward pass leaves them. */
    @Setup(Level.Trial)
    public void setUp() {
        int[] sizes = sizes(shape);
        rows = sizes[0];
        hidden = sizes[1];
        CpuKernels cpu = CpuKernels.of(new CpuSettings(vector, CpuSettings.DEFAULT_SPIN_MICROS));
        if (cpu.vector() != vector) {
            throw new IllegalStateException("vector kernels asked for but not loaded: " + cpu);
        }
        lstm = cpu.lstm();
        gru = cpu.gru();
        SplittableRandom random = new SplittableRandom(7);
        int wide = 4 * rows * hidden;
        pre = random(random, wide, 4);
        projection = random(random, wide, 4);
        bias = random(random, 4 * hidden, 1);
        state = random(random, rows * hidden, 2);
        gates = random(random, wide, 0.5f);
        for (int i = 0; i < wide; i++) {
            gates[i] += 0.5f;
        }
        cNext = random(random, rows * hidden, 2);
        hNext = new float[rows * hidden];
        dh = random(random, rows * hidden, 1);
        dc = random(random, rows * hidden, 1);
        dGates = new float[wide];
        dHidden = new float[wide];
        dcPrev = new float[rows * hidden];
    }

    /** {@code {rows, hidden}} from {@code ROWSxHIDDEN}, both positive. */
    static int[] sizes(String shape) {
        String[] parts = shape.split("x");
        try {
            if (parts.length == 2) {
                int rows = Integer.parseInt(parts[0]);
                int hidden = Integer.parseInt(parts[1]);
                if (rows > 0 && hidden > 0) {
                    return new int[] {rows, hidden};
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("shape must be ROWSxHIDDEN with two positive integers, got '" + shape + "'");
    }

    private static float[] random(SplittableRandom random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** LSTM forward: {@code z + p + b} activated into the four gates, the new cell and hidden state. */
    @Benchmark
    public float lstmForward() {
        lstm.forward(rows, hidden, pre, 0, projection, 0, bias, state, 0, gates, 0, cNext, 0, hNext, 0);
        return hNext[0];
    }

    /** LSTM backward: the four gate gradients and the cell state's gradient. */
    @Benchmark
    public float lstmBackward() {
        lstm.backward(rows, hidden, dh, 0, null, 0, dc, 0, gates, 0, state, 0, cNext, 0, dGates, 0, dcPrev, 0);
        return dcPrev[0];
    }

    /** GRU forward: r, z and n from the input and recurrent projections, the new hidden state. */
    @Benchmark
    public float gruForward() {
        gru.forward(rows, hidden, pre, 0, projection, 0, bias, state, 0, gates, 0, cNext, 0, hNext, 0);
        return hNext[0];
    }

    /** GRU backward: the gate gradients towards the input and the recurrent projections. */
    @Benchmark
    public float gruBackward() {
        gru.backward(rows, hidden, dh, 0, null, 0, gates, 0, cNext, 0, state, 0, dGates, 0, dHidden, 0, dcPrev, 0);
        return dcPrev[0];
    }
}
