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
 * Times an LSTM training step on the ND4J backend, the shape of PyTorch's W2 workload (input 64,
 * hidden 256, batch 64, 100 steps, float32): input GEMM, fused sequence forward, the MSE gradient,
 * fused sequence backward, the input-weight GEMMs and an SGD update. A measuring tool, not a test:
 * run its main with the environment under study; it prints the median and minimum in ms.
 */
public final class Nd4jLstmStepTiming {
    private static final int INPUT = 64;
    private static final int HIDDEN = 256;
    private static final int BATCH = 64;
    private static final int STEPS = 100;

    private Nd4jLstmStepTiming() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Backend be = new Nd4jBackendProvider().create();
        System.out.println(Nd4jNatives.load());
        Random rnd = new Random(42);
        double bound = 1.0 / Math.sqrt(HIDDEN);
        Tensor[] params = {
            uniform(be, rnd, bound, 4 * HIDDEN, INPUT), uniform(be, rnd, bound, 4 * HIDDEN),
            uniform(be, rnd, bound, 4 * HIDDEN, HIDDEN), uniform(be, rnd, bound, 4 * HIDDEN)};
        Tensor x = uniform(be, rnd, 1.0, STEPS * BATCH, INPUT);
        Tensor target = uniform(be, rnd, 1.0, STEPS, BATCH, HIDDEN);
        Tensor zeros = be.zeros(Shape.of(BATCH, HIDDEN), DType.FLOAT32);
        double[] ms = new double[iterations];
        for (int i = -5; i < iterations; i++) {
            long t0 = System.nanoTime();
            step(be, params, x, target, zeros);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        double gflop = 3.0 * STEPS * BATCH * 2.0 * 4 * HIDDEN * (INPUT + HIDDEN) / 1e9;
        System.out.printf(Locale.ROOT, "LSTM train step I=%d H=%d B=%d T=%d float32: median %.2f ms, min %.2f ms"
                        + " (%.1f GFLOP/s at the median)%n", INPUT, HIDDEN, BATCH, STEPS, ms[iterations / 2], ms[0],
                gflop / (ms[iterations / 2] / 1e3));
    }

    /** One training step; updates {@code params} (W_ih, b_ih, W_hh, b_hh) in place of the old tensors. */
    static void step(Backend be, Tensor[] params, Tensor x, Tensor target, Tensor zeros) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> init = List.of(zeros, zeros);
            Tensor p = be.reshape(be.linear(x, params[0], params[1]), Shape.of(STEPS, BATCH, 4 * HIDDEN));
            SequenceForward fwd = be.recurrentForward(CellKind.LSTM, p, init, params[2], params[3], null, false);
            Tensor dOut = be.scale(be.sub(fwd.output(), target), 2.0 / target.size());
            SequenceGradient g = be.recurrentBackward(CellKind.LSTM, fwd, init, params[2], dOut, init, null, false);
            Tensor dP = be.reshape(g.dInputProjection(), Shape.of(STEPS * BATCH, 4 * HIDDEN));
            Tensor[] grads = {be.matmul(dP, true, x, false), be.sum(dP, 0), g.dRecurrentWeight(), g.dRecurrentBias()};
            for (int k = 0; k < params.length; k++) {
                Tensor updated = scope.keep(be.sub(params[k], be.scale(grads[k], 1e-6)));
                params[k].close();
                params[k] = updated;
            }
        }
    }

    private static Tensor uniform(Backend be, Random rnd, double bound, int... dims) {
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (rnd.nextDouble() * 2 - 1) * bound;
        }
        return be.fromArray(data, shape, DType.FLOAT32);
    }
}
