package dev.jrnn.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the tensors and bytes a backend holds, so leaks can be tested. Thread-safe.
 */
public final class MemoryCounter {
    private final AtomicLong liveTensors = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    public void allocated(long bytes) {
        liveTensors.incrementAndGet();
        liveBytes.addAndGet(bytes);
    }

    public void released(long bytes) {
        liveTensors.decrementAndGet();
        liveBytes.addAndGet(-bytes);
    }

    /** Tensors created and not yet closed. */
    public long liveTensors() {
        return liveTensors.get();
    }

    /** Bytes of tensor data created and not yet closed. */
    public long liveBytes() {
        return liveBytes.get();
    }
}
