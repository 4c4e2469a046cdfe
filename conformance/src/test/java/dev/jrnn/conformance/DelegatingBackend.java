package dev.jrnn.conformance;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A correct backend whose tensors ({@link Box}) hold a {@code double[]} of their own; each primitive
 * is computed by the reference backend on copies. The planted bugs of {@link BrokenBackends} reach
 * into this storage: share it between tensors, keep the caller's array, hand out the same array
 * twice. As it is, it passes the kit.
 */
class DelegatingBackend implements Backend {
    static final String NAME = "delegating";

    private final ReferenceBackend inner = new ReferenceBackend();
    private final MemoryCounter memory = new MemoryCounter();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    /** A tensor of this backend holding {@code data}, already in {@code dtype}'s values, as its storage. */
    Tensor box(Shape shape, DType dtype, double[] data) {
        return new Box(this, shape, dtype, data);
    }

    /** The storage of one of this backend's tensors, checked as {@code op}'s {@code operand}. */
    double[] storage(String op, String operand, Tensor t) {
        Checks.owned(this, op, operand, t);
        return ((Box) t).data();
    }

    /** {@code f} of reference copies of {@code inputs} (already checked), as a tensor of this backend. */
    Tensor compute(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        Shape shape;
        DType dtype;
        double[] data;
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> copies = new ArrayList<>();
            for (Tensor t : inputs) {
                copies.add(inner.fromArray(((Box) t).data(), t.shape(), t.dtype()));
            }
            Tensor r = f.apply(copies);
            shape = r.shape();
            dtype = r.dtype();
            data = r.toDoubleArray();
        }
        return box(shape, dtype, data);
    }

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        double[] copy = data.clone();
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = (float) copy[i];
            }
        }
        return box(shape, dtype, copy);
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        double[] copy = new double[data.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = data[i];
        }
        return box(shape, DType.FLOAT32, copy);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        return box(shape, dtype, new double[shape.size()]);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        Checks.owned(this, Checks.opName(op), "x", x);
        return compute(in -> inner.unary(op, in.get(0)), x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Checks.sameDtype(this, Checks.opName(op), a, b);
        return compute(in -> inner.binary(op, in.get(0), in.get(1)), a, b);
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        Checks.owned(this, Checks.opName(op), "x", x);
        return compute(in -> inner.reduce(op, in.get(0), axis), x);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        return compute(in -> inner.reshape(in.get(0), shape), x);
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(this, "transpose", "x", x);
        return compute(in -> inner.transpose(in.get(0), permutation), x);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(this, "slice", "x", x);
        return compute(in -> inner.slice(in.get(0), axis, start, end), x);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        Checks.concat(this, axis, parts);
        return compute(in -> inner.concat(axis, in), parts.toArray(new Tensor[0]));
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        Checks.expand(this, x, axis, count);
        return compute(in -> inner.expand(in.get(0), axis, count), x);
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        return compute(in -> inner.matmul(in.get(0), transposeA, in.get(1), transposeB), a, b);
    }

    /** A tensor of {@link DelegatingBackend}: its storage, a {@code double[]} holding the dtype's values. */
    static class Box extends AbstractTensor {
        double[] storage;

        Box(DelegatingBackend backend, Shape shape, DType dtype, double[] storage) {
            super(backend, shape, dtype);
            this.storage = storage;
        }

        /** The storage itself; callers must not change it. */
        double[] data() {
            checkOpen();
            return storage;
        }

        @Override
        public double[] toDoubleArray() {
            return data().clone();
        }

        @Override
        public float[] toFloatArray() {
            double[] d = data();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }

        @Override
        protected void release() {
            storage = null;
        }
    }
}
