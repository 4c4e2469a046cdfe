package dev.jrnn.api;

import java.lang.ref.Cleaner;

/**
 * Notices tensors that the garbage collector reclaims without their having been closed: each
 * watched tensor gets a {@link Cleaner} registration whose action counts it as reclaimed on its
 * backend's {@link MemoryCounter} and frees storage that the collector does not (a device block, a
 * pooled native buffer). Closing the tensor cancels its watch.
 */
final class TensorReclaimer {
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread t = new Thread(task, "jrnn-tensor-reclaimer");
        t.setDaemon(true);
        return t;
    });

    private TensorReclaimer() {
    }

    /**
     * Watches {@code tensor}; {@code freeStorage} (may be null) must not refer to the tensor, or it
     * would never become unreachable.
     */
    static Watch watch(Object tensor, MemoryCounter counter, long bytes, Runnable freeStorage) {
        Watch watch = new Watch(counter, bytes, freeStorage);
        watch.cleanable = CLEANER.register(tensor, watch);
        return watch;
    }

    /** The cleaning action of one tensor: counts it and frees its storage, unless it was closed. */
    static final class Watch implements Runnable {
        private final MemoryCounter counter;
        private final long bytes;
        private final Runnable freeStorage;
        private volatile boolean closed;
        private Cleaner.Cleanable cleanable;

        private Watch(MemoryCounter counter, long bytes, Runnable freeStorage) {
            this.counter = counter;
            this.bytes = bytes;
            this.freeStorage = freeStorage;
        }

        /** The tensor was closed: unregisters the watch, which then does nothing. */
        void cancel() {
            closed = true;
            cleanable.clean();
        }

        @Override
        public void run() {
            if (closed) {
                return;
            }
            counter.reclaimed(bytes);
            if (freeStorage != null) {
                freeStorage.run();
            }
        }
    }
}
