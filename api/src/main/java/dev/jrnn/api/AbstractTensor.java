package dev.jrnn.api;

import dev.jrnn.api.backend.Backend;

/**
 * Base class for backend tensors: shape, dtype and owner, the closed flag, memory accounting and
 * registration with the current {@link TensorScope}. Subclasses free their storage in
 * {@link #release()}.
 */
public abstract class AbstractTensor implements Tensor {
    private final Backend backend;
    private final Shape shape;
    private final DType dtype;
    private volatile boolean closed;

    protected AbstractTensor(Backend backend, Shape shape, DType dtype) {
        this.backend = backend;
        this.shape = shape;
        this.dtype = dtype;
        backend.memory().allocated(bytes());
        TensorScope.track(this);
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** Throws if this tensor was closed; call before touching the storage. */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("tensor " + describe() + " was used after close()");
        }
    }

    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            backend.memory().released(bytes());
            release();
        }
    }

    /** Frees the storage; called once, by {@link #close()}. */
    protected abstract void release();

    private long bytes() {
        return (long) shape.size() * dtype.byteSize();
    }

    /** Short description for messages: {@code FLOAT32[2, 3] on ejml}. */
    public String describe() {
        return dtype + shape.toString() + " on " + backend.name();
    }

    @Override
    public String toString() {
        return "Tensor " + describe();
    }
}
