package dev.jrnn.api;

import dev.jrnn.api.backend.Backend;
import java.lang.ref.Reference;

/**
 * Base class for backend tensors: shape, dtype and owner, the closed flag, memory accounting and
 * registration with the current {@link TensorScope}. Subclasses free their storage in
 * {@link #release()}.
 *
 * <p>A tensor that no scope owns (made outside any scope, or kept past the outermost one) is
 * watched: if the garbage collector reclaims it unclosed, its backend's {@link MemoryCounter}
 * counts it as reclaimed, and the storage action given to the constructor, if any, frees what the
 * collector does not. Tensors that a scope owns cost nothing extra.
 *
 * <p>Thread safety: a tensor's elements never change, so any thread may read it; {@link #close()}
 * may be called from any thread, but not while another thread still uses the tensor (the
 * parameters' {@link dev.jrnn.api.autograd.WeightGuard} ensures that for model weights).
 */
public abstract class AbstractTensor implements Tensor {
    private final Backend backend;
    private final Shape shape;
    private final DType dtype;
    private final Runnable freeStorage;
    private volatile boolean closed;
    private TensorReclaimer.Watch watch;

    /** A tensor whose storage the garbage collector frees by itself (heap arrays). */
    protected AbstractTensor(Backend backend, Shape shape, DType dtype) {
        this(backend, shape, dtype, null);
    }

    /**
     * A tensor whose storage, if the garbage collector reclaims the tensor unclosed, is freed by
     * {@code freeStorage} (null: nothing to do). The action runs once, on a background thread, and
     * must not refer to this tensor (capture the storage, not {@code this}).
     */
    protected AbstractTensor(Backend backend, Shape shape, DType dtype, Runnable freeStorage) {
        this.backend = backend;
        this.shape = shape;
        this.dtype = dtype;
        this.freeStorage = freeStorage;
        backend.memory().allocated(bytes());
        if (!TensorScope.adopt(this)) {
            watch = TensorReclaimer.watch(this, backend.memory(), bytes(), freeStorage);
        }
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
        try {
            if (!closed) {
                closed = true;
                backend.memory().released(bytes());
                if (watch != null) {
                    watch.cancel();
                    watch = null;
                }
                release();
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Starts watching for reclamation by the garbage collector, once, unless closed: no scope owns this tensor now. */
    final synchronized void watch() {
        if (!closed && watch == null) {
            watch = TensorReclaimer.watch(this, backend.memory(), bytes(), freeStorage);
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
