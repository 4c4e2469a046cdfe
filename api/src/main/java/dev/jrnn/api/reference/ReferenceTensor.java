package dev.jrnn.api.reference;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;

/**
 * A tensor of the {@link ReferenceBackend}: a row-major {@code double[]} for both dtypes. FLOAT32
 * values are rounded to the nearest float when the tensor is made, so every stored value is one a
 * float32 tensor could hold.
 */
public final class ReferenceTensor extends AbstractTensor {
    private double[] data;

    /** Takes ownership of {@code data} (not copied), rounding it in place when {@code dtype} is FLOAT32. */
    ReferenceTensor(ReferenceBackend backend, Shape shape, DType dtype, double[] data) {
        super(backend, shape, dtype);
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) data[i];
            }
        }
        this.data = data;
    }

    /** The storage itself, not a copy; callers must not modify it. */
    double[] data() {
        checkOpen();
        return data;
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
        data = null;
    }
}
