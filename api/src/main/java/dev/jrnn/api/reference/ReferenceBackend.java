package dev.jrnn.api.reference;

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
 * The oracle backend: every primitive is a plain loop over {@code double[]}, every composite op is
 * the {@link Backend} default. FLOAT32 results are rounded to float after every op, so they follow
 * float32 semantics up to the order of rounding inside one op (the op itself runs in double).
 *
 * <p>Not registered for automatic selection: its provider has a negative priority, so
 * {@link dev.jrnn.api.backend.Backends} picks it only when it is named {@code reference}.
 */
public class ReferenceBackend implements Backend {
    /** The name users select this backend by. */
    public static final String NAME = "reference";

    private final MemoryCounter memory = new MemoryCounter();

    public ReferenceBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        return create(shape, dtype, data.clone());
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return create(shape, DType.FLOAT32, d);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        return create(shape, dtype, new double[shape.size()]);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        double[] in = data(x);
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = op.apply(in[i]);
        }
        return create(x.shape(), x.dtype(), out);
    }

    /** {@code out[i] = op(a[i mod |a|], b[i mod |b|])}: a suffix or a one-element operand repeats. */
    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = Checks.opName(op);
        Checks.sameDtype(this, name, a, b);
        Shape shape = Checks.broadcast(name, a.shape(), b.shape());
        double[] x = data(a);
        double[] y = data(b);
        double[] out = new double[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = op.apply(x[i % x.length], y[i % y.length]);
        }
        return create(shape, a.dtype(), out);
    }

    // ---------------------------------------------------------------- reductions and movement

    /** {@code out[o, i] = op over k of x[o, k, i]}, with o the axes before {@code axis} and i those after. */
    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        Shape shape = x.shape();
        int a = Checks.axis(name, shape, axis);
        int n = shape.dim(a);
        int inner = shape.strides()[a];
        int outer = shape.sizeBefore(a);
        double[] in = data(x);
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
        return create(shape.remove(a), x.dtype(), out);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        return create(shape, x.dtype(), data(x).clone());
    }

    /** {@code out[j_0..j_r] = x[i]} where {@code i_{p[k]} = j_k}. */
    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(this, "transpose", "x", x);
        Shape out = Checks.transpose(x.shape(), permutation);
        int[] inStrides = x.shape().strides();
        int[] outDims = out.dims();
        double[] in = data(x);
        double[] result = new double[in.length];
        int[] index = new int[outDims.length];
        for (int j = 0; j < result.length; j++) {
            int src = 0;
            for (int k = 0; k < index.length; k++) {
                src += index[k] * inStrides[permutation[k]];
            }
            result[j] = in[src];
            increment(index, outDims);
        }
        return create(out, x.dtype(), result);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(this, "slice", "x", x);
        Shape out = Checks.slice(x.shape(), axis, start, end);
        int a = x.shape().normalizeAxis(axis);
        int n = x.shape().dim(a);
        int inner = x.shape().strides()[a];
        int outer = x.shape().sizeBefore(a);
        double[] in = data(x);
        double[] result = new double[out.size()];
        int width = (end - start) * inner;
        for (int o = 0; o < outer && width > 0; o++) {
            System.arraycopy(in, (o * n + start) * inner, result, o * width, width);
        }
        return create(out, x.dtype(), result);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        Shape out = Checks.concat(this, axis, parts);
        int a = out.normalizeAxis(axis);
        int inner = out.strides()[a];
        int outer = out.sizeBefore(a);
        double[] result = new double[out.size()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor p : parts) {
                int width = p.shape().dim(a) * inner;
                System.arraycopy(data(p), o * width, result, pos, width);
                pos += width;
            }
        }
        return create(out, parts.get(0).dtype(), result);
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        Shape out = Checks.expand(this, x, axis, count);
        int outer = x.shape().sizeBefore(axis);
        int inner = x.shape().sizeAfter(axis - 1);
        double[] in = data(x);
        double[] result = new double[out.size()];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < count; c++) {
                System.arraycopy(in, o * inner, result, (o * count + c) * inner, inner);
            }
        }
        return create(out, x.dtype(), result);
    }

    /** {@code out[m, n] = sum_k op(a)[m, k] op(b)[k, n]}. */
    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        Shape out = Checks.matmul(a, transposeA, b, transposeB);
        int m = out.dim(0);
        int n = out.dim(1);
        int k = a.shape().dim(transposeA ? 0 : 1);
        int aCols = a.shape().dim(1);
        int bCols = b.shape().dim(1);
        double[] x = data(a);
        double[] y = data(b);
        double[] result = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0.0;
                for (int p = 0; p < k; p++) {
                    double av = transposeA ? x[p * aCols + i] : x[i * aCols + p];
                    double bv = transposeB ? y[j * bCols + p] : y[p * bCols + j];
                    acc += av * bv;
                }
                result[i * n + j] = acc;
            }
        }
        return create(out, a.dtype(), result);
    }

    // ---------------------------------------------------------------- helpers

    private Tensor create(Shape shape, DType dtype, double[] data) {
        return new ReferenceTensor(this, shape, dtype, data);
    }

    /** The storage of a tensor already checked to belong to this backend. */
    private static double[] data(Tensor t) {
        return ((ReferenceTensor) t).data();
    }

    /** Advances a row-major multi-index over {@code dims} by one. */
    private static void increment(int[] index, int[] dims) {
        for (int k = index.length - 1; k >= 0; k--) {
            if (++index[k] < dims[k]) {
                return;
            }
            index[k] = 0;
        }
    }
}
