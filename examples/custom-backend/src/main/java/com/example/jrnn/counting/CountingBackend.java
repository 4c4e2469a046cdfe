package com.example.jrnn.counting;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend that computes with jrnn's reference math and counts every primitive it is asked for,
 * by name ({@code matmul}, {@code binary.MUL}, {@code reduce.SUM}, ...). Composite ops (linear
 * layers, fused recurrent steps) are left to the {@link dev.jrnn.api.backend.Backend} defaults, so
 * the counts show exactly which primitives a model's forward and backward passes decompose into.
 * Thread-safe.
 */
public final class CountingBackend extends ReferenceBackend {
    /** The name users select this backend by. */
    public static final String NAME = "counting";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    /** The calls counted so far, by primitive, sorted by name. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((op, n) -> snapshot.put(op, n.sum()));
        return snapshot;
    }

    /** The calls of primitive {@code op} counted so far. */
    public long count(String op) {
        LongAdder n = counts.get(op);
        return n == null ? 0 : n.sum();
    }

    /** All primitive calls counted so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Forgets the counts. */
    public void reset() {
        counts.clear();
    }

    private void count(String op, String detail) {
        counts.computeIfAbsent(detail == null ? op : op + "." + detail, k -> new LongAdder()).increment();
    }

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        count("fromArray", null);
        return super.fromArray(data, shape, dtype);
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        count("fromArray", null);
        return super.fromArray(data, shape);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        count("zeros", null);
        return super.zeros(shape, dtype);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        count("unary", op.name());
        return super.unary(op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        count("binary", op.name());
        return super.binary(op, a, b);
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        count("reduce", op.name());
        return super.reduce(op, x, axis);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        count("reshape", null);
        return super.reshape(x, shape);
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        count("transpose", null);
        return super.transpose(x, permutation);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        count("slice", null);
        return super.slice(x, axis, start, end);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        count("concat", null);
        return super.concat(axis, parts);
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        count("expand", null);
        return super.expand(x, axis, count);
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        count("matmul", null);
        return super.matmul(a, transposeA, b, transposeB);
    }
}
