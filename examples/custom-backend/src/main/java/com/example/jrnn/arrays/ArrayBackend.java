package com.example.jrnn.arrays;

import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import java.util.List;

/**
 * A jrnn backend written from scratch on plain Java arrays ({@link ArrayTensor}): only the
 * primitive ops; the composite ops (linear layers, the LSTM, GRU and RNN steps and sequences,
 * forward and backward) are the {@link Backend} defaults built from them.
 *
 * <p>Every op follows the same three steps: validate with the {@link Checks} method named for it
 * (so errors read as on every other backend), compute on the operands' values in double, and
 * return a new {@link ArrayTensor}, which rounds a FLOAT32 result to float. Inputs are never
 * modified. Stateless, so safe to call from several threads at once.
 */
public final class ArrayBackend implements Backend {
    /** The name users select this backend by. */
    public static final String NAME = "arrays";

    private final MemoryCounter memory = new MemoryCounter();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    // ---------------------------------------------------------------- creation

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        return new ArrayTensor(this, shape, dtype, data.clone()); // the caller may change its array later
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        double[] values = new double[data.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = data[i];
        }
        return new ArrayTensor(this, shape, DType.FLOAT32, values);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        return new ArrayTensor(this, shape, dtype, new double[shape.size()]);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        double[] v = values(x);
        for (int i = 0; i < v.length; i++) {
            v[i] = op.apply(v[i]);
        }
        return new ArrayTensor(this, x.shape(), x.dtype(), v);
    }

    /**
     * {@code out[i] = op(a[i mod |a|], b[i mod |b|])}: in row-major order that repeats an operand
     * whose shape is a trailing suffix of the other's, and an operand of one element, which is
     * what {@link Checks#broadcast} accepts.
     */
    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = Checks.opName(op);
        Checks.sameDtype(this, name, a, b);
        Shape shape = Checks.broadcast(name, a.shape(), b.shape());
        double[] x = values(a);
        double[] y = values(b);
        double[] out = new double[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = op.apply(x[i % x.length], y[i % y.length]);
        }
        return new ArrayTensor(this, shape, a.dtype(), out);
    }

    // ---------------------------------------------------------------- reductions and movement

    /** {@code out[o, i] = op over k of x[o, k, i]}, o the axes before {@code axis}, i those after. */
    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        int a = Checks.axis(name, x.shape(), axis);
        int n = x.shape().dim(a);
        int outer = x.shape().sizeBefore(a);
        int inner = x.shape().sizeAfter(a);
        double[] in = values(x);
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = op == ReduceOp.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    double v = in[(o * n + k) * inner + i];
                    acc = op == ReduceOp.SUM ? acc + v : Math.max(acc, v);
                }
                out[o * inner + i] = acc;
            }
        }
        return new ArrayTensor(this, x.shape().remove(a), x.dtype(), out);
    }

    /** A new tensor even when the shape is unchanged: results never alias their inputs. */
    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        return new ArrayTensor(this, shape, x.dtype(), values(x));
    }

    /** {@code out[j_0, ..., j_r] = x[i]} where {@code i_{p[k]} = j_k}. */
    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(this, "transpose", "x", x);
        Shape shape = Checks.transpose(x.shape(), permutation);
        int[] strides = x.shape().strides();
        int[] dims = shape.dims();
        int[] index = new int[dims.length];
        double[] in = values(x);
        double[] out = new double[in.length];
        for (int j = 0; j < out.length; j++) {
            int source = 0;
            for (int k = 0; k < dims.length; k++) {
                source += index[k] * strides[permutation[k]];
            }
            out[j] = in[source];
            for (int k = dims.length - 1; k >= 0 && ++index[k] == dims[k]; k--) {
                index[k] = 0;
            }
        }
        return new ArrayTensor(this, shape, x.dtype(), out);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(this, "slice", "x", x);
        Shape shape = Checks.slice(x.shape(), axis, start, end);
        int a = x.shape().normalizeAxis(axis);
        int n = x.shape().dim(a);
        int inner = x.shape().sizeAfter(a);
        int width = (end - start) * inner;
        double[] in = values(x);
        double[] out = new double[shape.size()];
        for (int o = 0; o < x.shape().sizeBefore(a); o++) {
            System.arraycopy(in, (o * n + start) * inner, out, o * width, width);
        }
        return new ArrayTensor(this, shape, x.dtype(), out);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        Shape shape = Checks.concat(this, axis, parts);
        int a = shape.normalizeAxis(axis);
        int inner = shape.sizeAfter(a);
        double[][] in = new double[parts.size()][];
        for (int p = 0; p < in.length; p++) {
            in[p] = values(parts.get(p));
        }
        double[] out = new double[shape.size()];
        int at = 0;
        for (int o = 0; o < shape.sizeBefore(a); o++) {
            for (int p = 0; p < in.length; p++) {
                int width = parts.get(p).shape().dim(a) * inner;
                System.arraycopy(in[p], o * width, out, at, width);
                at += width;
            }
        }
        return new ArrayTensor(this, shape, parts.get(0).dtype(), out);
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        Shape shape = Checks.expand(this, x, axis, count);
        int block = x.shape().sizeAfter(axis - 1);
        double[] in = values(x);
        double[] out = new double[shape.size()];
        for (int o = 0; o < x.shape().sizeBefore(axis); o++) {
            for (int c = 0; c < count; c++) {
                System.arraycopy(in, o * block, out, (o * count + c) * block, block);
            }
        }
        return new ArrayTensor(this, shape, x.dtype(), out);
    }

    /** {@code out[m, n] = sum_k op(a)[m, k] op(b)[k, n]}, accumulated in double. */
    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        Shape shape = Checks.matmul(a, transposeA, b, transposeB);
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        int inner = a.shape().dim(transposeA ? 0 : 1);
        int aCols = a.shape().dim(1);
        int bCols = b.shape().dim(1);
        double[] x = values(a);
        double[] y = values(b);
        double[] out = new double[rows * cols];
        for (int m = 0; m < rows; m++) {
            for (int n = 0; n < cols; n++) {
                double acc = 0.0;
                for (int k = 0; k < inner; k++) {
                    acc += (transposeA ? x[k * aCols + m] : x[m * aCols + k])
                            * (transposeB ? y[n * bCols + k] : y[k * bCols + n]);
                }
                out[m * cols + n] = acc;
            }
        }
        return new ArrayTensor(this, shape, a.dtype(), out);
    }

    /** The values of a tensor that a {@link Checks} call has shown to be an open tensor of this backend. */
    private static double[] values(Tensor t) {
        return ((ArrayTensor) t).values();
    }
}
