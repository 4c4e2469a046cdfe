package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import java.util.Random;

/**
 * One thread's inputs for {@link ConcurrencySuite}, each thread's values drawn from its own seed so
 * that two threads sharing a buffer see each other's numbers. Made on the test's thread and only
 * read by the worker.
 */
final class ThreadInputs {
    static final int N = 32;
    static final int HIDDEN = 8;
    static final int STEPS = 3;

    final DType dtype;
    final double[] data;
    final Tensor a;
    final Tensor b;
    final Tensor positive;
    final Tensor row;
    final Tensor foreign;
    final Tensor h;
    final Tensor c;
    final Tensor lstmWeight;
    final Tensor gruProjection;
    final Tensor gruWeight;
    final Tensor gruBias;
    final Tensor rnnProjection;
    final Tensor rnnWeight;
    final Tensor lstmSequence;
    final Tensor gruSequence;
    final Tensor dOut;
    final LstmStep lstmStep;
    final GruStep gruStep;
    final Tensor rnnStep;
    final SequenceForward lstmForward;
    final SequenceForward gruForward;

    ThreadInputs(Backend be, Backend reference, DType dtype, long seed) {
        Random random = new Random(seed);
        this.dtype = dtype;
        this.data = values(random, N * N, -1, 1);
        a = be.fromArray(data, Shape.of(N, N), dtype);
        b = make(be, random, -1, 1, N, N);
        positive = make(be, random, 0.25, 2, N, N);
        row = make(be, random, -1, 1, N);
        foreign = reference.fromArray(data, Shape.of(N, N), dtype);
        h = make(be, random, -1, 1, N, HIDDEN);
        c = make(be, random, -1, 1, N, HIDDEN);
        lstmWeight = make(be, random, -0.5, 0.5, 4 * HIDDEN, HIDDEN);
        gruProjection = make(be, random, -1, 1, N, 3 * HIDDEN);
        gruWeight = make(be, random, -0.5, 0.5, 3 * HIDDEN, HIDDEN);
        gruBias = make(be, random, -1, 1, 3 * HIDDEN);
        rnnProjection = make(be, random, -1, 1, N, HIDDEN);
        rnnWeight = make(be, random, -0.5, 0.5, HIDDEN, HIDDEN);
        lstmSequence = make(be, random, -1, 1, STEPS, N, 4 * HIDDEN);
        gruSequence = make(be, random, -1, 1, STEPS, N, 3 * HIDDEN);
        dOut = make(be, random, -1, 1, STEPS, N, HIDDEN);
        lstmStep = be.lstmStep(a, h, c, lstmWeight, row);
        gruStep = be.gruStep(gruProjection, h, gruWeight, null);
        rnnStep = be.rnnStep(CellKind.RNN_TANH, rnnProjection, h, rnnWeight, null);
        lstmForward = be.recurrentForward(CellKind.LSTM, lstmSequence, List.of(h, c), lstmWeight, row, null, false);
        gruForward = be.recurrentForward(CellKind.GRU, gruSequence, List.of(h), gruWeight, gruBias, null, true);
    }

    private Tensor make(Backend be, Random random, double lo, double hi, int... dims) {
        Shape shape = Shape.of(dims);
        return be.fromArray(values(random, shape.size(), lo, hi), shape, dtype);
    }

    private static double[] values(Random random, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        return v;
    }
}
