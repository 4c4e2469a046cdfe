package com.example.jrnn.arrays;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;

/**
 * A tensor of the {@link ArrayBackend}: its elements, row-major, in a {@code float[]} for FLOAT32
 * and a {@code double[]} for FLOAT64. Storing FLOAT32 as floats is what rounds every FLOAT32
 * result to float, as the op contract asks.
 *
 * <p>{@link AbstractTensor} does the rest: shape, dtype and owning backend, the closed flag and
 * {@link #checkOpen()}, the backend's memory counter, and registration with the current
 * {@link dev.jrnn.api.TensorScope}.
 */
final class ArrayTensor extends AbstractTensor {
    private float[] floats;
    private double[] doubles;

    /**
     * A tensor holding {@code values}: a FLOAT64 tensor keeps the array itself (callers pass one
     * nobody else holds), a FLOAT32 tensor rounds it into a new {@code float[]}.
     */
    ArrayTensor(ArrayBackend backend, Shape shape, DType dtype, double[] values) {
        super(backend, shape, dtype);
        if (dtype == DType.FLOAT32) {
            floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
        } else {
            doubles = values;
        }
    }

    /** The elements as doubles, a fresh array; what every op computes on. */
    double[] values() {
        checkOpen();
        if (doubles != null) {
            return doubles.clone();
        }
        double[] d = new double[floats.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = floats[i];
        }
        return d;
    }

    @Override
    public double[] toDoubleArray() {
        return values();
    }

    @Override
    public float[] toFloatArray() {
        checkOpen();
        if (floats != null) {
            return floats.clone();
        }
        float[] f = new float[doubles.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) doubles[i];
        }
        return f;
    }

    @Override
    protected void release() {
        floats = null;
        doubles = null;
    }
}
