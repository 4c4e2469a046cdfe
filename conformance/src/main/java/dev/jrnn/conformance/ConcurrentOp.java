package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An op {@link ConcurrencySuite} calls from several threads: every primitive and every composite,
 * each on one thread's {@link ThreadInputs}, giving all its result tensors.
 *
 * @param name what the op is, for messages
 * @param op   the op on a backend and one thread's inputs
 */
record ConcurrentOp(String name, BiFunction<Backend, ThreadInputs, List<Tensor>> op) {

    List<Tensor> apply(Backend backend, ThreadInputs in) {
        return op.apply(backend, in);
    }

    /** Every op, the dtype conversions to {@code dtypes} included. */
    static List<ConcurrentOp> all(Iterable<DType> dtypes) {
        List<ConcurrentOp> ops = new ArrayList<>();
        for (UnaryOp u : UnaryOp.values()) {
            boolean positive = u == UnaryOp.LOG || u == UnaryOp.SQRT;
            one(ops, u.name(), (be, in) -> be.unary(u, positive ? in.positive : in.a));
        }
        for (BinaryOp op : BinaryOp.values()) {
            one(ops, op.name(), (be, in) -> be.binary(op, in.a, op == BinaryOp.DIV ? in.positive : in.b));
            one(ops, op.name() + " broadcast", (be, in) -> be.binary(op, in.a, in.row));
        }
        for (ReduceOp op : ReduceOp.values()) {
            one(ops, op.name() + " along axis 0", (be, in) -> be.reduce(op, in.a, 0));
            one(ops, op.name() + " along axis 1", (be, in) -> be.reduce(op, in.a, 1));
        }
        int n = ThreadInputs.N;
        one(ops, "fromArray", (be, in) -> be.fromArray(in.data, Shape.of(n, n), in.dtype));
        one(ops, "full", (be, in) -> be.full(Shape.of(n, n), in.data[0], in.dtype));
        one(ops, "reshape", (be, in) -> be.reshape(in.a, Shape.of(n / 2, 2 * n)));
        one(ops, "transpose", (be, in) -> be.transpose(in.a, 1, 0));
        one(ops, "slice", (be, in) -> be.slice(in.a, 1, 3, n - 5));
        one(ops, "concat", (be, in) -> be.concat(1, List.of(in.a, in.b)));
        one(ops, "expand", (be, in) -> be.expand(in.row, 0, 7));
        one(ops, "transfer", (be, in) -> be.transfer(in.foreign));
        for (DType to : dtypes) {
            one(ops, "cast to " + to, (be, in) -> be.cast(in.a, to));
        }
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                one(ops, "matmul " + (ta ? "a^T" : "a") + " " + (tb ? "b^T" : "b"), (be, in) -> be.matmul(in.a, ta, in.b, tb));
            }
        }
        one(ops, "scale", (be, in) -> be.scale(in.a, -1.5));
        one(ops, "linear", (be, in) -> be.linear(in.a, in.b, in.row));
        ops.add(new ConcurrentOp("lstmStep", (be, in) -> {
            var s = be.lstmStep(in.a, in.h, in.c, in.lstmWeight, in.row);
            return List.of(s.h(), s.c(), s.gates());
        }));
        ops.add(new ConcurrentOp("lstmStepBackward", (be, in) -> {
            var g = be.lstmStepBackward(in.h, in.c, in.lstmStep.gates(), in.c, in.lstmStep.c(), in.lstmWeight);
            return List.of(g.dGates(), g.dh(), g.dc());
        }));
        ops.add(new ConcurrentOp("gruStep", (be, in) -> {
            var s = be.gruStep(in.gruProjection, in.h, in.gruWeight, null);
            return List.of(s.h(), s.gates(), s.hiddenNew());
        }));
        ops.add(new ConcurrentOp("gruStepBackward", (be, in) -> {
            var g = be.gruStepBackward(in.h, in.gruStep.gates(), in.gruStep.hiddenNew(), in.h, in.gruWeight);
            return List.of(g.dInputGates(), g.dHiddenGates(), g.dh());
        }));
        one(ops, "rnnStep", (be, in) -> be.rnnStep(CellKind.RNN_TANH, in.rnnProjection, in.h, in.rnnWeight, null));
        ops.add(new ConcurrentOp("rnnStepBackward", (be, in) -> {
            var g = be.rnnStepBackward(CellKind.RNN_TANH, in.h, in.rnnStep, in.rnnWeight);
            return List.of(g.dPre(), g.dh());
        }));
        ops.add(new ConcurrentOp("recurrentForward LSTM", (be, in) -> be.recurrentForward(CellKind.LSTM,
                in.lstmSequence, List.of(in.h, in.c), in.lstmWeight, in.row, null, false).tensors()));
        ops.add(new ConcurrentOp("recurrentBackward LSTM", (be, in) -> be.recurrentBackward(CellKind.LSTM,
                in.lstmForward, List.of(in.h, in.c), in.lstmWeight, in.dOut, List.of(in.h, in.c), null, false).tensors()));
        ops.add(new ConcurrentOp("recurrentForward GRU reversed", (be, in) -> be.recurrentForward(CellKind.GRU,
                in.gruSequence, List.of(in.h), in.gruWeight, in.gruBias, null, true).tensors()));
        ops.add(new ConcurrentOp("recurrentBackward GRU reversed", (be, in) -> be.recurrentBackward(CellKind.GRU,
                in.gruForward, List.of(in.h), in.gruWeight, in.dOut, List.of(in.h), null, true).tensors()));
        return ops;
    }

    private static void one(List<ConcurrentOp> ops, String name, BiFunction<Backend, ThreadInputs, Tensor> op) {
        ops.add(new ConcurrentOp(name, (be, in) -> List.of(op.apply(be, in))));
    }
}
