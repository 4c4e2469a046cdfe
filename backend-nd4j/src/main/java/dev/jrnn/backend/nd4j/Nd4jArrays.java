package dev.jrnn.backend.nd4j;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between jrnn's shapes and dtypes and ND4J's, and allocation outside workspaces. */
final class Nd4jArrays {
    private Nd4jArrays() {
    }

    static DataType type(DType dtype) {
        return dtype == DType.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    }

    static long[] dims(Shape shape) {
        int[] d = shape.dims();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }

    /** A zero-filled packed 'c' array of {@code shape}, detached from any workspace. */
    static INDArray zeros(Shape shape, DType dtype) {
        INDArray cached = shape.rank() == 0 ? null : Nd4jPool.take(type(dtype), shape);
        if (cached != null) {
            Pointer.memset(cached.data().addressPointer(), 0, cached.length() * cached.dataType().width());
            return cached;
        }
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return shape.rank() == 0
                    ? Nd4j.scalar(type(dtype), 0.0)
                    : Nd4j.create(type(dtype), dims(shape), 'c');
        }
    }

    /** A vector of {@code n} ones, the operand of a column sum done as a GEMV. */
    static INDArray ones(int n, DType dtype) {
        return zeros(Shape.of(n), dtype).addi(1.0);
    }

    /**
     * A packed 'c' array of {@code shape} whose contents are undefined, detached from any workspace,
     * for buffers the caller overwrites completely (saves the zero fill); reuses the buffer of a
     * closed tensor from {@link Nd4jPool} when one of the same size is cached.
     */
    static INDArray uninitialized(Shape shape, DType dtype) {
        if (shape.rank() == 0) {
            return zeros(shape, dtype);
        }
        INDArray cached = Nd4jPool.take(type(dtype), shape);
        if (cached != null) {
            return cached;
        }
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type(dtype), dims(shape), 'c');
        }
    }

    /** A packed array holding {@code data} (row-major) in {@code dtype}. */
    static INDArray of(double[] data, Shape shape, DType dtype) {
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (dtype == DType.FLOAT64) {
                return shape.rank() == 0 ? Nd4j.scalar(data[0]) : Nd4j.create(data, dims(shape), 'c');
            }
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return of(f, shape);
        }
    }

    /** A packed FLOAT array holding {@code data} (row-major). */
    static INDArray of(float[] data, Shape shape) {
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return shape.rank() == 0 ? Nd4j.scalar(data[0]) : Nd4j.create(data, dims(shape), 'c');
        }
    }

    /**
     * {@code a} as an array this backend may own: itself when it is a packed 'c' array outside any
     * workspace, else a packed copy.
     */
    static INDArray owned(INDArray a) {
        INDArray r = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        return r.isAttached() ? r.detach() : r;
    }

    /**
     * The fresh packed 'c' array {@code r} with {@code shape} (same number of elements), on the same
     * buffer and without copying; {@code r} itself must not be used afterwards.
     */
    static INDArray rewrap(INDArray r, Shape shape) {
        long[] dims = dims(shape);
        long[] strides = new long[dims.length];
        long stride = 1;
        for (int k = dims.length - 1; k >= 0; k--) {
            strides[k] = stride;
            stride *= dims[k];
        }
        return Nd4j.create(r.data(), dims, strides, 0, 'c', r.dataType());
    }

    /** An independent packed copy of {@code a} with {@code shape} (same number of elements). */
    static INDArray copy(INDArray a, Shape shape) {
        boolean real = a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE;
        if (real && shape.rank() > 0 && !a.isView() && a.ordering() == 'c' && a.offset() == 0
                && a.length() == shape.size()) {
            INDArray out = uninitialized(shape, a.dataType() == DataType.DOUBLE ? DType.FLOAT64 : DType.FLOAT32);
            Pointer.memcpy(out.data().addressPointer(), a.data().addressPointer(), a.length() * a.dataType().width());
            return out;
        }
        INDArray out;
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = shape.rank() == 0 ? Nd4j.scalar(a.dataType(), a.getDouble(0)) : a.reshape('c', dims(shape)).dup('c');
        }
        return owned(out);
    }
}
