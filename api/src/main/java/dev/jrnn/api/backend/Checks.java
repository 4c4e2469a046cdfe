package dev.jrnn.api.backend;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * Argument checks shared by every backend, so that all of them reject bad input with the same
 * clear message: the op, the operand, what was expected and what was given.
 */
public final class Checks {
    private Checks() {
    }

    /** Checks that {@code t} is open, belongs to {@code backend}. */
    public static void owned(Backend backend, String op, String operand, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + operand + " is null");
        }
        if (t.isClosed()) {
            throw new IllegalStateException(op + ": " + operand + " " + t.dtype() + t.shape() + " was used after close()");
        }
        if (t.backend() != backend) {
            throw new IllegalArgumentException(op + ": " + operand + " belongs to backend '" + t.backend().name()
                    + "', expected '" + backend.name() + "' (use Backend.transfer to move it)");
        }
    }

    /** Checks ownership of both operands and that their dtypes agree. */
    public static void sameDtype(Backend backend, String op, Tensor a, Tensor b) {
        owned(backend, op, "a", a);
        owned(backend, op, "b", b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ, a is " + a.dtype() + a.shape() + " and b is "
                    + b.dtype() + b.shape());
        }
    }

    /** The result shape of a row-broadcast binary op, or an exception naming both shapes. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.endsWith(b) && a.rank() > b.rank()) {
            return a;
        }
        if (b.endsWith(a) && b.rank() > a.rank()) {
            return b;
        }
        if (b.size() == 1 && b.rank() <= a.rank()) {
            return a;
        }
        if (a.size() == 1 && a.rank() <= b.rank()) {
            return b;
        }
        throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                + " do not broadcast (one must equal the other's trailing dimensions)");
    }

    /** The [M, N] result of a matmul with transpose flags, or an exception naming the shapes. */
    public static Shape matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul: needs rank-2 operands, got a " + a.shape() + " and b " + b.shape());
        }
        int m = a.shape().dim(transposeA ? 1 : 0);
        int ka = a.shape().dim(transposeA ? 0 : 1);
        int kb = b.shape().dim(transposeB ? 1 : 0);
        int n = b.shape().dim(transposeB ? 0 : 1);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: a" + (transposeA ? "^T " : " ")
                    + a.shape() + " has " + ka + " columns, b" + (transposeB ? "^T " : " ") + b.shape() + " has " + kb
                    + " rows");
        }
        return Shape.of(m, n);
    }

    /** Checks a reshape keeps the number of elements. */
    public static void reshape(Shape from, Shape to) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + from.size() + " elements) to "
                    + to + " (" + to.size() + " elements)");
        }
    }

    /** Checks {@code x} (ownership) and that {@code shape} is given and keeps its number of elements. */
    public static void reshape(Backend backend, Tensor x, Shape shape) {
        owned(backend, "reshape", "x", x);
        if (shape == null) {
            throw new IllegalArgumentException("reshape: target shape is null");
        }
        reshape(x.shape(), shape);
    }

    /**
     * Checks an {@code expand} of {@code x}, a new axis of {@code count} before {@code axis}; returns
     * the result shape.
     */
    public static Shape expand(Backend backend, Tensor x, int axis, int count) {
        owned(backend, "expand", "x", x);
        if (count < 0) {
            throw new IllegalArgumentException("expand: count " + count + " is negative");
        }
        if (axis < 0 || axis > x.rank()) {
            throw new IllegalArgumentException("expand: axis " + axis + " is outside [0, " + x.rank() + "] for x "
                    + x.shape());
        }
        return x.shape().insert(axis, count);
    }

    /**
     * Checks host data for a new tensor: {@code shape} and {@code dtype} given, {@code length} (the
     * array's, or -1 for no array) equal to the shape's size.
     */
    public static void data(String op, int length, Shape shape, DType dtype) {
        if (shape == null || dtype == null) {
            throw new IllegalArgumentException(op + ": shape and dtype are required, got " + shape + " and " + dtype);
        }
        if (length != shape.size()) {
            throw new IllegalArgumentException(op + ": data has " + (length < 0 ? "no array" : length + " elements")
                    + ", shape " + shape + " expects " + shape.size());
        }
    }

    /** The name of an op kind in messages ({@code ADD} is {@code add}), or an exception when it is null. */
    public static String opName(Enum<?> op) {
        if (op == null) {
            throw new IllegalArgumentException("op is null");
        }
        return op.name().toLowerCase(Locale.ROOT);
    }

    /** Checks {@code permutation} is a permutation of the axes of {@code shape}; returns the result shape. */
    public static Shape transpose(Shape shape, int[] permutation) {
        if (permutation.length != shape.rank()) {
            throw new IllegalArgumentException("transpose: permutation " + java.util.Arrays.toString(permutation)
                    + " does not match rank " + shape.rank() + " of " + shape);
        }
        boolean[] seen = new boolean[permutation.length];
        int[] dims = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            int p = permutation[i];
            if (p < 0 || p >= permutation.length || seen[p]) {
                throw new IllegalArgumentException("transpose: " + java.util.Arrays.toString(permutation)
                        + " is not a permutation of the axes of " + shape);
            }
            seen[p] = true;
            dims[i] = shape.dim(p);
        }
        return Shape.of(dims);
    }

    /** Turns a possibly negative axis of {@code shape} into an index in [0, rank), or throws naming the op. */
    public static int axis(String op, Shape shape, int axis) {
        int a = axis < 0 ? axis + shape.rank() : axis;
        if (a < 0 || a >= shape.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + shape);
        }
        return a;
    }

    /** Checks slice bounds; returns the result shape. */
    public static Shape slice(Shape shape, int axis, int start, int end) {
        int a = axis("slice", shape, axis);
        if (start < 0 || end > shape.dim(a) || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is out of bounds for axis "
                    + axis + " of " + shape);
        }
        return shape.withDim(a, end - start);
    }

    /** Checks concat operands agree except along {@code axis}; returns the result shape. */
    public static Shape concat(Backend backend, int axis, List<Tensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = parts.get(0);
        owned(backend, "concat", "part 0", first);
        int a = axis("concat", first.shape(), axis);
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            owned(backend, "concat", "part " + i, p);
            if (p.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: part " + i + " is " + p.dtype() + ", part 0 is " + first.dtype());
            }
            if (p.rank() != first.rank() || !p.shape().withDim(a, 0).equals(first.shape().withDim(a, 0))) {
                throw new IllegalArgumentException("concat: part " + i + " has shape " + p.shape()
                        + ", which differs from part 0's " + first.shape() + " outside axis " + axis);
            }
            total += p.shape().dim(a);
        }
        return first.shape().withDim(a, total);
    }

    /** Checks a tensor has exactly the expected shape. */
    public static void shape(String op, String operand, Tensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": " + operand + " has shape " + t.shape() + ", expected " + expected);
        }
    }

    /**
     * Checks that {@code t} is open, belongs to {@code backend}, has {@code dtype} and exactly the
     * {@code expected} shape; returns it.
     */
    public static Tensor operand(Backend backend, String op, String operand, Tensor t, DType dtype, Shape expected) {
        owned(backend, op, operand, t);
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(op + ": " + operand + " is " + t.dtype() + t.shape() + ", expected "
                    + dtype);
        }
        shape(op, operand, t, expected);
        return t;
    }

    /** {@link #operand} for an optional operand (a bias): null passes and is returned. */
    public static Tensor optional(Backend backend, String op, String operand, Tensor t, DType dtype, Shape expected) {
        return t == null ? null : operand(backend, op, operand, t, dtype, expected);
    }

    /**
     * Checks per-sequence lengths of a batch: null (every sequence runs all steps) or one length in
     * {@code [0, steps]} per sequence of the batch.
     */
    public static void lengths(String op, int[] lengths, int steps, int batch) {
        if (lengths == null) {
            return;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(op + ": " + lengths.length + " lengths given for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException(op + ": length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "]");
            }
        }
    }
}
