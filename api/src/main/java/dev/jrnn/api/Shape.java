package dev.jrnn.api;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor. Rank 0 is a scalar (one element). Immutable.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative dimension at axis " + i);
            }
        }
        this.dims = dims;
    }

    /** A shape with the given dimensions, outermost first. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    public int rank() {
        return dims.length;
    }

    /** Size of one axis; negative axes count from the end. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + this + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Turns a possibly negative axis into an index in [0, rank), or throws naming the shape. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** This shape with one axis replaced by {@code size}. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = size;
        return new Shape(d);
    }

    /** This shape without the given axis. */
    public Shape remove(int axis) {
        int a = normalizeAxis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                d[j++] = dims[i];
            }
        }
        return new Shape(d);
    }

    /** This shape with a new axis of {@code size} inserted before position {@code axis} (0..rank). */
    public Shape insert(int axis, int size) {
        if (axis < 0 || axis > dims.length) {
            throw new IllegalArgumentException("cannot insert an axis at " + axis + " into shape " + this);
        }
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, axis);
        d[axis] = size;
        System.arraycopy(dims, axis, d, axis + 1, dims.length - axis);
        return new Shape(d);
    }

    /** Whether {@code suffix}'s dimensions equal this shape's trailing dimensions. */
    public boolean endsWith(Shape suffix) {
        int off = dims.length - suffix.dims.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < suffix.dims.length; i++) {
            if (dims[off + i] != suffix.dims[i]) {
                return false;
            }
        }
        return true;
    }

    /** The product of the dimensions before {@code axis}: the count of blocks an axis op runs over. */
    public int sizeBefore(int axis) {
        int n = 1;
        for (int k = 0; k < axis; k++) {
            n *= dims[k];
        }
        return n;
    }

    /** The product of the dimensions after {@code axis}: the elements of one step along it. */
    public int sizeAfter(int axis) {
        int n = 1;
        for (int k = axis + 1; k < dims.length; k++) {
            n *= dims[k];
        }
        return n;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
