package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastRDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastRSubOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The primitive ops on INDArrays, after {@link Nd4jBackend} has checked the arguments. Inputs are
 * never modified; every result is a fresh packed array. Results with no elements carry no array.
 */
final class Nd4jOps {
    private final Nd4jBackend be;

    Nd4jOps(Nd4jBackend be) {
        this.be = be;
    }

    Tensor unary(UnaryOp op, Tensor x) {
        if (x.size() == 0) {
            return be.wrap(null, x.shape(), x.dtype());
        }
        INDArray a = array(x);
        INDArray r = switch (op) {
            case NEG -> a.neg();
            case EXP -> Transforms.exp(a, true);
            case LOG -> Transforms.log(a, true);
            case TANH -> Transforms.tanh(a, true);
            case SIGMOID -> Transforms.sigmoid(a, true);
            case RELU -> Transforms.relu(a, true);
            case SQRT -> Transforms.sqrt(a, true);
            case ABS -> Transforms.abs(a, true);
            case SIGN -> Transforms.sign(a, true);
        };
        return finish(r, x.shape(), x.dtype());
    }

    /** {@code op(a, b)} on [outer, inner] matrices, the smaller operand repeated over the rows. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b, Shape out) {
        if (out.size() == 0) {
            return be.wrap(null, out, a.dtype());
        }
        int inner = Math.min(a.size(), b.size());
        int outer = out.size() / inner;
        if (op != BinaryOp.MAX && op != BinaryOp.GREATER) {
            // into an array from the pool: ND4J's own result arrays are fresh allocations each time,
            // a noticeable share of a training step
            INDArray r = Nd4jArrays.uninitialized(out, a.dtype());
            arithmetic(op, a, b, outer, inner, r.reshape('c', outer, inner));
            return be.wrap(r, out, a.dtype());
        }
        if (op == BinaryOp.MAX && (hasNaN(a) || hasNaN(b))) {
            return maxWithNaN(a, b, out);
        }
        INDArray x = rows(a, outer, inner);
        INDArray y = rows(b, outer, inner);
        INDArray r;
        if (op == BinaryOp.MAX) {
            r = Transforms.max(x, y, true);
        } else {
            INDArray mask = x.gt(y);
            r = mask.castTo(x.dataType());
            mask.close();
        }
        closeTemporary(x, a);
        closeTemporary(y, b);
        return finish(r, out, a.dtype());
    }

    /**
     * ADD, SUB, MUL or DIV of [outer, inner] operands into {@code z}; a smaller operand (a scalar or
     * one row) is broadcast by ND4J's scalar and broadcast ops rather than repeated first.
     */
    private static void arithmetic(BinaryOp op, Tensor a, Tensor b, int outer, int inner, INDArray z) {
        if (a.size() == b.size()) {
            INDArray x = array(a).reshape('c', outer, inner);
            INDArray y = array(b).reshape('c', outer, inner);
            switch (op) {
                case ADD -> x.add(y, z);
                case SUB -> x.sub(y, z);
                case MUL -> x.mul(y, z);
                case DIV -> x.div(y, z);
                default -> throw new IllegalArgumentException(op.name());
            }
            return;
        }
        boolean leftSmall = a.size() < b.size();
        INDArray big = array(leftSmall ? b : a).reshape('c', outer, inner);
        INDArray small = array(leftSmall ? a : b);
        if (inner == 1) {
            // the scalar ops themselves: INDArray.add(Number) and its kin replace a NaN scalar by 1e-5
            double s = small.getDouble(0);
            Nd4j.getExecutioner().exec(switch (op) {
                case ADD -> new ScalarAdd(big, null, z, s);
                case SUB -> leftSmall ? new ScalarReverseSubtraction(big, null, z, s) : new ScalarSubtraction(big, null, z, s);
                case MUL -> new ScalarMultiplication(big, null, z, s);
                case DIV -> leftSmall ? new ScalarReverseDivision(big, null, z, s) : new ScalarDivision(big, null, z, s);
                default -> throw new IllegalArgumentException(op.name());
            });
            return;
        }
        INDArray row = small.reshape('c', new long[] {inner});
        Nd4j.getExecutioner().exec(switch (op) {
            case ADD -> new BroadcastAddOp(big, row, z, 1);
            case SUB -> leftSmall ? new BroadcastRSubOp(big, row, z, 1) : new BroadcastSubOp(big, row, z, 1);
            case MUL -> new BroadcastMulOp(big, row, z, 1);
            case DIV -> leftSmall ? new BroadcastRDivOp(big, row, z, 1) : new BroadcastDivOp(big, row, z, 1);
            default -> throw new IllegalArgumentException(op.name());
        });
    }

    Tensor reduce(ReduceOp op, Tensor x, int axis) {
        Shape out = x.shape().remove(axis);
        if (out.size() == 0) {
            return be.wrap(null, out, x.dtype());
        }
        if (x.size() == 0) {
            return be.full(out, op == ReduceOp.SUM ? 0.0 : Double.NEGATIVE_INFINITY, x.dtype());
        }
        if (op == ReduceOp.SUM && x.shape().strides()[axis] > 1) {
            return be.wrap(sum(array(x), x.shape(), axis, out, x.dtype()), out, x.dtype());
        }
        if (op == ReduceOp.SUM) {
            // over the contiguous last axis ND4J's own reduction is fast, and a GEMV with m or n 1 is not
            int n = x.shape().dim(axis);
            return finish(array(x).reshape('c', x.size() / n, n).sum(1), out, x.dtype());
        }
        if (hasNaN(x)) {
            return maxWithNaN(x, axis, out);
        }
        return finish(array(x).max(axis), out, x.dtype());
    }

    /**
     * Whether {@code t} may hold a NaN (its sum is NaN: a NaN, or infinities of both signs), for the
     * maxima: ND4J's max skips a NaN, while a NaN operand must give NaN, as {@link Math#max} does.
     */
    private static boolean hasNaN(Tensor t) {
        return t.size() > 0 && Double.isNaN(array(t).sumNumber().doubleValue());
    }

    /** {@code max(a, b)} with a NaN operand giving NaN, on the JVM: only for operands that hold a NaN. */
    private Tensor maxWithNaN(Tensor a, Tensor b, Shape out) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.max(x[i % x.length], y[i % y.length]);
        }
        return be.fromArray(r, out, a.dtype());
    }

    /** The maximum along {@code axis} with a NaN giving NaN, on the JVM: only for inputs that hold a NaN. */
    private Tensor maxWithNaN(Tensor x, int axis, Shape out) {
        Shape shape = x.shape();
        int n = shape.dim(axis);
        int inner = shape.strides()[axis];
        int outer = shape.sizeBefore(axis);
        double[] in = x.toDoubleArray();
        double[] r = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    acc = Math.max(acc, in[(o * n + k) * inner + i]);
                }
                r[o * inner + i] = acc;
            }
        }
        return be.fromArray(r, out, x.dtype());
    }

    /**
     * {@code out[o, j] = sum_i x[o, i, j]} with x viewed as [outer, n, inner], inner > 1, as GEMVs against a ones
     * vector: ND4J's own reduction over a leading axis walks memory with a stride, far slower on a
     * bias gradient than a GEMM, and a GEMV is faster still.
     */
    private INDArray sum(INDArray x, Shape shape, int axis, Shape out, DType dtype) {
        int n = shape.dim(axis);
        int inner = shape.strides()[axis];
        int outer = shape.size() / (n * inner);
        INDArray r = Nd4jArrays.uninitialized(out, dtype);
        INDArray ones = Nd4jArrays.ones(n, dtype);
        Gemm gemm = be.gemm(r.dataType());
        Pointer px = gemm.pointer(x);
        Pointer pOnes = gemm.pointer(ones);
        Pointer pr = gemm.pointer(r);
        for (int o = 0; o < outer; o++) {
            gemm.columnSums(n, inner, px, (long) o * n * inner, pOnes, pr, (long) o * inner);
        }
        ones.close();
        return r;
    }

    Tensor transpose(Tensor x, int[] permutation, Shape out) {
        if (out.size() == 0) {
            return be.wrap(null, out, x.dtype());
        }
        INDArray a = array(x);
        INDArray r = x.rank() < 2 ? Nd4jArrays.copy(a, out) : a.permute(permutation).dup('c');
        return be.wrap(Nd4jArrays.owned(r), out, x.dtype());
    }

    Tensor slice(Tensor x, int axis, int start, int end, Shape out) {
        if (out.size() == 0) {
            return be.wrap(null, out, x.dtype());
        }
        int n = x.shape().dim(axis);
        int inner = x.shape().strides()[axis];
        INDArray cube = array(x).reshape('c', x.size() / (n * inner), n, inner);
        INDArray part = cube.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup('c');
        return finish(part, out, x.dtype());
    }

    Tensor concat(int axis, List<Tensor> parts, Shape out) {
        DType dtype = parts.get(0).dtype();
        if (out.size() == 0) {
            return be.wrap(null, out, dtype);
        }
        int outer = out.size() / (out.dim(axis) * out.strides()[axis]);
        List<INDArray> rows = new ArrayList<>();
        for (Tensor p : parts) {
            if (p.size() > 0) {
                rows.add(array(p).reshape('c', outer, p.size() / outer));
            }
        }
        INDArray r = rows.size() == 1 ? rows.get(0).dup('c') : Nd4j.concat(1, rows.toArray(new INDArray[0]));
        return finish(r, out, dtype);
    }

    /**
     * Repeats each [inner] block of x, viewed as [outer, 1, inner], {@code count} times, by doubling
     * copies in a Java array and one bulk write (ND4J's tile is slow on large outputs).
     */
    Tensor expand(Tensor x, int axis, int count, Shape out) {
        if (out.size() == 0) {
            return be.wrap(null, out, x.dtype());
        }
        int inner = 1;
        for (int k = axis; k < x.rank(); k++) {
            inner *= x.shape().dim(k);
        }
        int outer = x.size() / inner;
        INDArray r = Nd4jArrays.uninitialized(out, x.dtype());
        Buf src = Buf.of(array(x));
        Buf dst = Buf.of(r);
        if (x.size() == 1) {
            r.assign(array(x).getDouble(0));
            return be.wrap(r, out, x.dtype());
        }
        int block = inner * count;
        Object row = src.scratch(block);
        for (int o = 0; o < outer; o++) {
            src.get(o * inner, row, 0, inner);
            for (int filled = inner; filled < block; filled *= 2) {
                System.arraycopy(row, 0, row, filled, Math.min(filled, block - filled));
            }
            dst.put(o * block, row, 0, block);
        }
        return be.wrap(r, out, x.dtype());
    }

    Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Shape out) {
        int k = a.shape().dim(transposeA ? 0 : 1);
        if (out.size() > 0 && k > 0 && transposeA && !transposeB && narrow(out.dim(0), out.dim(1), k)) {
            return be.wrap(transposedProduct(array(a), array(b), out, a.dtype()), out, a.dtype());
        }
        // beta = 0 overwrites C: only an empty inner dimension leaves the zeros standing
        INDArray c = out.size() == 0 ? null : k == 0 ? Nd4jArrays.zeros(out, a.dtype()) : Nd4jArrays.uninitialized(out, a.dtype());
        if (c != null && k > 0) {
            be.gemm(c.dataType()).matmul(array(a), transposeA, array(b), transposeB, c);
        }
        return be.wrap(c, out, a.dtype());
    }

    /**
     * Whether {@code A^T B} with C [m, n] runs better as {@code (B^T A)^T}: OpenBLAS runs a weight
     * gradient with few columns and a long K slower than its transpose, and transposing the small
     * result costs little.
     */
    private static boolean narrow(int m, int n, int k) {
        return n <= 64 && m >= 4 * n && k >= m;
    }

    /** {@code A^T B} computed as {@code (B^T A)^T}. */
    private INDArray transposedProduct(INDArray a, INDArray b, Shape out, DType dtype) {
        INDArray ct = Nd4jArrays.uninitialized(Shape.of(out.dim(1), out.dim(0)), dtype);
        be.gemm(ct.dataType()).matmul(b, true, a, false, ct);
        INDArray c = Nd4jArrays.uninitialized(out, dtype);
        c.assign(ct.transpose());
        Nd4jPool.give(ct);
        return c;
    }

    /** {@code t}'s elements as [outer, inner]: a reshaped view when it has outer * inner, else repeated. */
    private static INDArray rows(Tensor t, int outer, int inner) {
        INDArray a = array(t);
        if (t.size() == outer * inner) {
            return a.reshape('c', outer, inner);
        }
        if (t.size() == 1) {
            return Nd4j.valueArrayOf(new long[] {outer, inner}, a.getDouble(0), a.dataType());
        }
        return Nd4j.tile(a.reshape('c', 1, inner), outer, 1);
    }

    /** Frees what {@link #rows} allocated: the repeated copy, never the tensor's own array. */
    private static void closeTemporary(INDArray rows, Tensor t) {
        if (t.size() != rows.length()) {
            rows.close();
        }
    }

    /** Wraps the fresh op result {@code r} as a tensor of {@code out}, copying if it is shaped otherwise. */
    private Tensor finish(INDArray r, Shape out, DType dtype) {
        if (Arrays.equals(r.shape(), Nd4jArrays.dims(out)) && !r.isView() && r.ordering() == 'c') {
            return be.wrap(Nd4jArrays.owned(r), out, dtype);
        }
        if (!r.isView() && !r.isAttached() && r.ordering() == 'c' && r.offset() == 0 && r.length() == out.size()
                && out.rank() > 0) {
            return be.wrap(Nd4jArrays.rewrap(r, out), out, dtype);
        }
        INDArray copy = Nd4jArrays.copy(r, out);
        if (!r.isView()) {
            r.close();
        }
        return be.wrap(copy, out, dtype);
    }
}
