package dev.jrnn.benchmarks;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.reference.CountingBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.train.SequenceRegressor;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the two constants of a backend's {@link dev.jrnn.api.backend.CostModel}, in one JVM per
 * backend, over several rounds, taking medians:
 * <ul>
 * <li><b>GFLOP/s</b>: float32 {@link Backend#matmul} of square [n, n] matrices at n = 256, 512 and
 *     1024 ({@code 2 n^3} flops each); the constant is the median of the three sizes' rates.</li>
 * <li><b>ns per op</b>: training steps of small models, the mix of calls a small forecaster makes (an
 *     LSTM and a linear head on its last step, MSE, clipping by global norm, Adam), at the sizes
 *     where calls rather than products dominate; each step's calls and flops are counted exactly on
 *     a {@link CountingBackend}, and {@code (time - flops / gflops) / ops} is the mean cost of a call.
 *     The constant is the median over the sizes.</li>
 * </ul>
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.jrnn.benchmarks.BackendCosts ejml [rounds]}</pre>
 */
public final class BackendCosts {
    /** Small training steps: {batch, hidden, steps}; input 3 features, as a forecaster with calendar covariates. */
    private static final int[][] SMALL = {{16, 32, 24}, {16, 32, 48}, {1, 16, 24}, {16, 64, 36}};
    private static final int INPUT = 3;
    private static final int[] GEMM = {256, 512, 1024};

    private BackendCosts() {
    }

    /** Arguments: one backend name, then optionally the number of rounds (default 5). */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BackendCosts BACKEND [ROUNDS]  (one backend per JVM: ejml, nd4j, ...)");
            System.exit(2);
        }
        String name = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Backend backend = Backends.get(name);
        long[] ops = new long[SMALL.length];
        double[] flops = new double[SMALL.length];
        for (int i = 0; i < SMALL.length; i++) {
            CountingBackend counter = new CountingBackend();
            try (SmallStep step = new SmallStep(counter, SMALL[i])) {
                step.run();                                    // Adam's state is made on the first step
                counter.reset();
                step.run();
                ops[i] = counter.ops();
                flops[i] = counter.flops();
            }
        }
        double[][] gemmMs = new double[GEMM.length][rounds];
        double[][] smallMs = new double[SMALL.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < GEMM.length; i++) {
                gemmMs[i][r] = gemmMillis(backend, GEMM[i]);
            }
            for (int i = 0; i < SMALL.length; i++) {
                try (SmallStep step = new SmallStep(backend, SMALL[i])) {
                    smallMs[i][r] = medianMillis(step::run, 60);
                }
            }
            System.out.printf(Locale.ROOT, "round %d of %d done%n", r + 1, rounds);
        }
        double[] rates = new double[GEMM.length];
        for (int i = 0; i < GEMM.length; i++) {
            rates[i] = 2.0 * GEMM[i] * GEMM[i] * GEMM[i] / (median(gemmMs[i]) * 1e6);
            System.out.printf(Locale.ROOT, "  matmul %d^3: %.3f ms median, %.1f GFLOP/s%n", GEMM[i],
                    median(gemmMs[i]), rates[i]);
        }
        double gflops = median(rates);
        double[] perOp = new double[SMALL.length];
        for (int i = 0; i < SMALL.length; i++) {
            double ms = median(smallMs[i]);
            perOp[i] = (ms * 1e6 - flops[i] / gflops) / ops[i];
            System.out.printf(Locale.ROOT, "  training step B=%d H=%d T=%d: %.3f ms median, %d ops, %.3g flops,"
                    + " %.0f ns per op%n", SMALL[i][0], SMALL[i][1], SMALL[i][2], ms, ops[i], flops[i], perOp[i]);
        }
        System.out.printf(Locale.ROOT, "%s: new CostModel(%.0f, %.1f)  (ns per op, GFLOP/s; %d rounds)%n", name,
                median(perOp), gflops, rounds);
    }

    private static double gemmMillis(Backend backend, int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] data = new float[n * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        try (Tensor a = backend.fromArray(data, Shape.of(n, n)); Tensor b = backend.fromArray(data, Shape.of(n, n))) {
            int runs = n >= 1024 ? 10 : 30;
            return medianMillis(() -> {
                try (Tensor c = backend.matmul(a, b)) {
                    return c.shape().size();
                }
            }, runs);
        }
    }

    /** The median of {@code runs} timed calls after {@code runs / 2} warm-up calls. */
    private static double medianMillis(java.util.function.DoubleSupplier call, int runs) {
        double sink = 0;
        for (int i = 0; i < runs / 2; i++) {
            sink += call.getAsDouble();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += call.getAsDouble();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a timed call gave NaN");
        }
        return median(t);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** One small model and its batch: an LSTM and a linear head, MSE, clipping to norm 1, Adam. */
    private static final class SmallStep implements AutoCloseable {
        private final SequenceRegressor model;
        private final Adam optimizer;
        private final Tensor input;
        private final Tensor target;
        private final Loss loss = Loss.mse();

        SmallStep(Backend backend, int[] size) {
            int batch = size[0];
            int hidden = size[1];
            int steps = size[2];
            RecurrentLayer layer = RecurrentLayer.builder("lstm").backend(backend).dtype(DType.FLOAT32)
                    .inputSize(INPUT).hiddenSize(hidden).batchFirst(true).seed(7).build();
            model = new SequenceRegressor(layer, 1, 7);
            optimizer = new Adam(model.parameters(), 1e-3);
            SplittableRandom random = new SplittableRandom(11);
            float[] x = new float[batch * steps * INPUT];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            float[] y = new float[batch];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) random.nextDouble();
            }
            input = backend.fromArray(x, Shape.of(batch, steps, INPUT));
            target = backend.fromArray(y, Shape.of(batch, 1));
        }

        double run() {
            try (TensorScope scope = TensorScope.open()) {
                Variable value = loss.apply(model.forward(Variable.constant(input)), Variable.constant(target));
                optimizer.zeroGrad();
                Autograd.backward(value);
                GradientClipping.clipByGlobalNorm(model.parameters(), 1.0);
                optimizer.step();
                optimizer.keepIn(scope);
                return value.value().item();
            }
        }

        @Override
        public void close() {
            optimizer.close();
            input.close();
            target.close();
            model.parameters().forEach(p -> {
                p.zeroGrad();
                p.value().close();
            });
        }
    }
}
