package dev.jrnn.backend.nd4j;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times the peer benchmark's workloads on the ND4J backend (float32, one layer, sequence-first),
 * the same work as {@code torch_rnn_bench.py}: W2 LSTM and W3 GRU training (I=64 H=256 B=64 T=100),
 * W4 LSTM training (I=256 H=512 B=64 T=50), W5 LSTM inference (I=32 H=128 B=1 T=100). A training
 * step is the input GEMM, fused sequence forward, the MSE gradient, fused sequence backward, the
 * input-weight GEMMs and an SGD update. A measuring tool, not a test: run its main with the
 * environment under study, arguments {@code W2,W3,W4,W5 [min-iterations] [min-seconds]}; it prints
 * the median and minimum in ms and GFLOP/s (gate GEMMs only, training counted as 3x forward).
 */
public final class Nd4jRnnTiming {
    private record Workload(String name, CellKind kind, boolean train, int input, int hidden, int batch, int steps) {
        int gates() {
            return kind.gates();
        }

        double gflop() {
            double fwd = 2.0 * steps * batch * gates() * hidden * (input + hidden);
            return (train ? 3 : 1) * fwd / 1e9;
        }
    }

    private static final List<Workload> ALL = List.of(
            new Workload("W2", CellKind.LSTM, true, 64, 256, 64, 100),
            new Workload("W3", CellKind.GRU, true, 64, 256, 64, 100),
            new Workload("W4", CellKind.LSTM, true, 256, 512, 64, 50),
            new Workload("W5", CellKind.LSTM, false, 32, 128, 1, 100));

    private Nd4jRnnTiming() {
    }

    public static void main(String[] args) {
        List<String> names = List.of((args.length > 0 ? args[0] : "W2").split(","));
        int minIterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double minSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 3.0;
        Backend be = new Nd4jBackendProvider().create();
        System.out.println(Nd4jNatives.summary() + "; gate kernels: " + ((Nd4jBackend) be).cpu());
        for (Workload w : ALL) {
            if (names.contains(w.name())) {
                run(be, w, minIterations, minSeconds);
            }
        }
    }

    private static void run(Backend be, Workload w, int minIterations, double minSeconds) {
        Random rnd = new Random(42);
        int g = w.gates() * w.hidden();
        double bound = 1.0 / Math.sqrt(w.hidden());
        Tensor[] params = {
            uniform(be, rnd, bound, g, w.input()), uniform(be, rnd, bound, g),
            uniform(be, rnd, bound, g, w.hidden()), uniform(be, rnd, bound, g)};
        Tensor x = uniform(be, rnd, 1.0, w.steps() * w.batch(), w.input());
        Tensor target = uniform(be, rnd, 1.0, w.steps(), w.batch(), w.hidden());
        Tensor zeros = be.zeros(Shape.of(w.batch(), w.hidden()), DType.FLOAT32);
        for (int i = 0; i < (w.train() ? 5 : 20); i++) {
            step(be, w, params, x, target, zeros);
        }
        double[] ms = new double[100_000];
        int n = 0;
        long start = System.nanoTime();
        while (n < minIterations || (System.nanoTime() - start) / 1e9 < minSeconds) {
            long t0 = System.nanoTime();
            step(be, w, params, x, target, zeros);
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        double median = sorted[n / 2];
        System.out.printf(Locale.ROOT, "%s %s %s I=%d H=%d B=%d T=%d float32: median %.2f ms, min %.2f ms,"
                        + " %.1f / %.1f GFLOP/s (median / min), %d iterations%n", w.name(), w.kind(),
                w.train() ? "train" : "infer", w.input(), w.hidden(), w.batch(), w.steps(), median, sorted[0],
                w.gflop() / (median / 1e3), w.gflop() / (sorted[0] / 1e3), n);
    }

    /** One step; for training updates {@code params} (W_ih, b_ih, W_hh, b_hh) in place of the old tensors. */
    private static void step(Backend be, Workload w, Tensor[] params, Tensor x, Tensor target, Tensor zeros) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> init = w.kind() == CellKind.LSTM ? List.of(zeros, zeros) : List.of(zeros);
            Shape gatesShape = Shape.of(w.steps(), w.batch(), w.gates() * w.hidden());
            Tensor p = be.reshape(be.linear(x, params[0], params[1]), gatesShape);
            SequenceForward fwd = be.recurrentForward(w.kind(), p, init, params[2], params[3], null, false);
            if (!w.train()) {
                return;
            }
            Tensor dOut = be.scale(be.sub(fwd.output(), target), 2.0 / target.size());
            SequenceGradient g = be.recurrentBackward(w.kind(), fwd, init, params[2], dOut, init, null, false);
            Tensor dP = be.reshape(g.dInputProjection(), Shape.of(w.steps() * w.batch(), w.gates() * w.hidden()));
            Tensor[] grads = {be.matmul(dP, true, x, false), be.sum(dP, 0), g.dRecurrentWeight(), g.dRecurrentBias()};
            for (int k = 0; k < params.length; k++) {
                Tensor updated = scope.keep(be.sub(params[k], be.scale(grads[k], 1e-6)));
                params[k].close();
                params[k] = updated;
            }
        }
    }

    /** A float32 tensor of {@code dims} drawn uniformly from [-bound, bound). */
    static Tensor uniform(Backend be, Random rnd, double bound, int... dims) {
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (rnd.nextDouble() * 2 - 1) * bound;
        }
        return be.fromArray(data, shape, DType.FLOAT32);
    }
}
