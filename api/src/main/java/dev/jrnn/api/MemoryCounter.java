package dev.jrnn.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the tensors and bytes a backend holds, so leaks can be seen and tested. Thread-safe.
 *
 * <p>Three figures, each a count of tensors and of their bytes ({@code size * dtype bytes}):
 * <ul>
 *   <li><b>unclosed</b>: created and not yet closed, {@code allocated - released}. A block of code
 *       that closes (or lets a {@link TensorScope} close) everything it creates leaves it unchanged,
 *       whatever the garbage collector does meanwhile: the figure for leak tests.</li>
 *   <li><b>reclaimed</b>: tensors never closed that the garbage collector has since reclaimed
 *       ("leaked but reclaimed"), counted since this counter was made. Each one is a missing
 *       {@code close()} or scope; their storage was freed by the collector, late.</li>
 *   <li><b>live</b>: {@code unclosed - reclaimed}, what is really held now.</li>
 * </ul>
 *
 * <p>The collector's part is seen only for tensors that no scope owns (made outside any scope, or
 * kept past the outermost one): only those can become unreachable unclosed. It arrives
 * asynchronously, after a collection, on a background thread.
 */
public final class MemoryCounter {
    private final AtomicLong unclosedTensors = new AtomicLong();
    private final AtomicLong unclosedBytes = new AtomicLong();
    private final AtomicLong reclaimedTensors = new AtomicLong();
    private final AtomicLong reclaimedBytes = new AtomicLong();

    /** A tensor of {@code bytes} bytes was created. */
    public void allocated(long bytes) {
        unclosedTensors.incrementAndGet();
        unclosedBytes.addAndGet(bytes);
    }

    /** A tensor of {@code bytes} bytes was closed. */
    public void released(long bytes) {
        unclosedTensors.decrementAndGet();
        unclosedBytes.addAndGet(-bytes);
    }

    /** A tensor of {@code bytes} bytes that was never closed was reclaimed by the garbage collector. */
    public void reclaimed(long bytes) {
        reclaimedTensors.incrementAndGet();
        reclaimedBytes.addAndGet(bytes);
    }

    /** Tensors created and neither closed nor reclaimed by the garbage collector. */
    public long liveTensors() {
        return unclosedTensors.get() - reclaimedTensors.get();
    }

    /** Bytes of the {@link #liveTensors()}. */
    public long liveBytes() {
        return unclosedBytes.get() - reclaimedBytes.get();
    }

    /** Tensors created and not closed, whether or not the garbage collector reclaimed them since. */
    public long unclosedTensors() {
        return unclosedTensors.get();
    }

    /** Bytes of the {@link #unclosedTensors()}. */
    public long unclosedBytes() {
        return unclosedBytes.get();
    }

    /** Tensors never closed that the garbage collector reclaimed: leaks that a missing scope or close caused. */
    public long reclaimedTensors() {
        return reclaimedTensors.get();
    }

    /** Bytes of the {@link #reclaimedTensors()}. */
    public long reclaimedBytes() {
        return reclaimedBytes.get();
    }

    /** {@code 12 live tensors (4096 bytes); 3 leaked and reclaimed (96 bytes)}. */
    @Override
    public String toString() {
        return liveTensors() + " live tensors (" + liveBytes() + " bytes); " + reclaimedTensors()
                + " leaked and reclaimed (" + reclaimedBytes() + " bytes)";
    }
}
