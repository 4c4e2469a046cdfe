package dev.jrnn.backend.nd4j;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor stored in an ND4J {@link INDArray}: 'c'-ordered, packed, outside any workspace and
 * owned by this tensor alone, so closing it frees the native buffer at once (or hands it to
 * {@link Nd4jPool} for reuse).
 */
public final class Nd4jTensor extends AbstractTensor {
    private INDArray array;

    /** Wraps {@code array}, which must be packed, 'c'-ordered and not shared; null for an empty shape. */
    Nd4jTensor(Nd4jBackend backend, Shape shape, DType dtype, INDArray array) {
        super(backend, shape, dtype);
        this.array = array;
    }

    /** The backing array (never a view); null when the shape has no elements. */
    public INDArray array() {
        checkOpen();
        return array;
    }

    @Override
    public double[] toDoubleArray() {
        checkOpen();
        double[] out = new double[size()];
        if (array != null) {
            Buf.of(array).read(0, out);
        }
        return out;
    }

    @Override
    public float[] toFloatArray() {
        checkOpen();
        float[] out = new float[size()];
        if (array != null) {
            Buf.of(array).read(0, out);
        }
        return out;
    }

    @Override
    protected void release() {
        if (array != null) {
            Nd4jPool.give(array);
        }
        array = null;
    }
}
