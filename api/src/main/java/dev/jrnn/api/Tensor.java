package dev.jrnn.api;

import dev.jrnn.api.backend.Backend;

/**
 * An immutable, row-major, n-dimensional array owned by one {@link Backend}.
 *
 * <p>Tensors hold native or pooled memory on some backends: close them, or create them inside a
 * {@link TensorScope} that closes them. Using a closed tensor throws {@link IllegalStateException}.
 * Ops never modify their inputs, so a tensor may be read by any number of threads at once; close
 * it only once none of them still uses it.
 */
public interface Tensor extends AutoCloseable {

    Shape shape();

    DType dtype();

    /** The backend whose memory holds this tensor; ops only combine tensors of one backend. */
    Backend backend();

    /** A fresh row-major copy of the elements as doubles. */
    double[] toDoubleArray();

    /** A fresh row-major copy of the elements as floats (rounded if this tensor is FLOAT64). */
    float[] toFloatArray();

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /** Frees this tensor's memory. Idempotent. */
    @Override
    void close();

    default int rank() {
        return shape().rank();
    }

    default int size() {
        return shape().size();
    }

    /** The single element of a one-element tensor. */
    default double item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, this one has shape " + shape());
        }
        return toDoubleArray()[0];
    }
}
