package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A loop of every kind of op whose results are closed at once, counting the bytes of the results it
 * made by their shapes (not by the backend's counter). Each op makes results of about
 * {@value #ROWS} x {@value #COLS} elements at little cost (products have a short inner dimension),
 * so every op has a similar share of the bytes and a leak in any one of them shows.
 */
final class LeakLoop {
    static final int ROWS = 64;
    static final int COLS = 128;
    private static final int INNER = 8;
    private static final int HIDDEN = COLS / 8;
    private static final int STEPS = 2;

    private final Backend backend;
    private final Set<DType> dtypes;
    private final List<Inputs> inputs = new ArrayList<>();
    private long counted;

    /** Inputs made on {@code backend} (and the reference, for transfer) for each dtype, kept for the loop's life. */
    LeakLoop(Backend backend, Backend reference, Set<DType> dtypes) {
        this.backend = backend;
        this.dtypes = dtypes;
        Random random = new Random(KitSuite.SEED);
        for (DType d : dtypes) {
            inputs.add(new Inputs(backend, reference, d, random));
        }
    }

    /** Bytes of results made so far. */
    long counted() {
        return counted;
    }

    /** Runs iterations until {@code bytes} more bytes of results were made or {@code deadline} (nanoTime) passed. */
    void run(long bytes, long deadline) {
        long target = counted + bytes;
        for (int i = 0; counted < target && System.nanoTime() < deadline; i++) {
            TensorScope iteration = TensorScope.open();
            try {
                iteration(inputs.get(i % inputs.size()));
            } finally {
                iteration.close();
            }
        }
    }

    private void iteration(Inputs in) {
        Backend be = backend;
        DType d = in.dtype;
        Shape shape = Shape.of(ROWS, COLS);
        made(be.fromArray(in.data, shape, d));
        made(be.zeros(shape, d));
        made(be.full(shape, 0.5, d));
        made(be.unary(UnaryOp.TANH, in.x));
        made(be.unary(UnaryOp.EXP, in.x));
        made(be.binary(BinaryOp.ADD, in.x, in.y));
        made(be.binary(BinaryOp.MUL, in.x, in.row));
        made(be.reduce(ReduceOp.SUM, in.tall, 1));
        made(be.reshape(in.x, Shape.of(COLS, ROWS)));
        made(be.transpose(in.x, 1, 0));
        made(be.slice(in.tall, 0, 0, ROWS));
        made(be.concat(1, List.of(in.half, in.half)));
        made(be.expand(in.row, 0, ROWS));
        made(be.matmul(in.left, in.right));
        made(be.scale(in.x, 2.0));
        for (DType to : dtypes) {
            made(be.cast(in.x, to));
        }
        made(be.transfer(in.foreign));
        made(be.linear(in.left, in.weight, in.row));
        LstmStep s = be.lstmStep(in.half, in.h, in.h, in.lstmWeight, in.gateBias);
        LstmStepGradient g = be.lstmStepBackward(in.h, in.h, s.gates(), in.h, s.c(), in.lstmWeight);
        made(g.dGates(), g.dh(), g.dc());
        made(s.h(), s.c(), s.gates());
        GruStep gs = be.gruStep(in.gruProjection, in.h, in.gruWeight, null);
        made(gs.h(), gs.gates(), gs.hiddenNew());
        SequenceForward f = be.recurrentForward(CellKind.LSTM, in.sequence, List.of(in.h, in.h), in.lstmWeight, in.gateBias,
                null, false);
        SequenceGradient sg = be.recurrentBackward(CellKind.LSTM, f, List.of(in.h, in.h), in.lstmWeight, in.dOut,
                List.of(in.h, in.h), null, false);
        made(sg.tensors());
        made(f.tensors());
    }

    private void made(Tensor... results) {
        made(List.of(results));
    }

    /** Counts and closes results; a tensor returned twice (an op may return the same one as two parts) counts once. */
    private void made(List<Tensor> results) {
        List<Tensor> seen = new ArrayList<>();
        for (Tensor t : results) {
            if (t != null && seen.stream().noneMatch(s -> s == t)) {
                seen.add(t);
                counted += (long) t.size() * t.dtype().byteSize();
                t.close();
            }
        }
    }

    /** The loop's inputs in one dtype. */
    private static final class Inputs {
        final DType dtype;
        final double[] data;
        final Tensor x;
        final Tensor y;
        final Tensor row;
        final Tensor tall;
        final Tensor half;
        final Tensor left;
        final Tensor right;
        final Tensor weight;
        final Tensor foreign;
        final Tensor h;
        final Tensor gateBias;
        final Tensor lstmWeight;
        final Tensor gruProjection;
        final Tensor gruWeight;
        final Tensor sequence;
        final Tensor dOut;

        Inputs(Backend be, Backend reference, DType dtype, Random random) {
            this.dtype = dtype;
            this.data = values(random, ROWS * COLS);
            x = be.fromArray(data, Shape.of(ROWS, COLS), dtype);
            y = make(be, random, ROWS, COLS);
            row = make(be, random, COLS);
            tall = make(be, random, 2 * ROWS, COLS);
            half = make(be, random, ROWS, COLS / 2);
            left = make(be, random, ROWS, INNER);
            right = make(be, random, INNER, COLS);
            weight = make(be, random, COLS, INNER);
            foreign = reference.fromArray(data, Shape.of(ROWS, COLS), dtype);
            h = make(be, random, ROWS, HIDDEN);
            gateBias = make(be, random, 4 * HIDDEN);
            lstmWeight = make(be, random, 4 * HIDDEN, HIDDEN);
            gruProjection = make(be, random, ROWS, 3 * HIDDEN);
            gruWeight = make(be, random, 3 * HIDDEN, HIDDEN);
            sequence = make(be, random, STEPS, ROWS, 4 * HIDDEN);
            dOut = make(be, random, STEPS, ROWS, HIDDEN);
        }

        private Tensor make(Backend be, Random random, int... dims) {
            Shape shape = Shape.of(dims);
            return be.fromArray(values(random, shape.size()), shape, dtype);
        }

        private static double[] values(Random random, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 2.0 * random.nextDouble() - 1.0;
            }
            return v;
        }
    }
}
