package dev.jrnn.backend.nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small cache of the native arrays of closed tensors, so that a training loop that allocates
 * the same big buffers every step (gate buffers, their gradients) reuses them instead of mapping
 * fresh pages from the system, whose first touch is costly. Arrays are matched by dtype and
 * exact shape and handed out with undefined contents; the cache holds at most {@value #MAX_BYTES}
 * bytes and frees the oldest arrays beyond that, so memory stays bounded. Small arrays are freed
 * at once (the system allocator serves them well). Thread-safe.
 */
final class Nd4jPool {
    private static final long MAX_BYTES = 256L << 20;
    private static final long MIN_BYTES = 1L << 20;
    private static final ArrayDeque<INDArray> FREE = new ArrayDeque<>();
    private static long bytes;

    private Nd4jPool() {
    }

    /** A cached array of {@code type} and {@code shape}, removed from the cache, or null. */
    static synchronized INDArray take(DataType type, long[] shape) {
        for (Iterator<INDArray> it = FREE.descendingIterator(); it.hasNext(); ) {
            INDArray a = it.next();
            if (a.dataType() == type && Arrays.equals(a.shape(), shape)) {
                it.remove();
                bytes -= size(a);
                return a;
            }
        }
        return null;
    }

    /** Frees {@code a}, or keeps it for {@link #take} when it is big enough; the caller must not use it again. */
    static void give(INDArray a) {
        if (a.wasClosed()) {
            return;
        }
        long n = size(a);
        if (n < MIN_BYTES || n > MAX_BYTES || a.isView() || a.ordering() != 'c') {
            a.close();
            return;
        }
        synchronized (Nd4jPool.class) {
            FREE.addLast(a);
            bytes += n;
            while (bytes > MAX_BYTES) {
                INDArray old = FREE.removeFirst();
                bytes -= size(old);
                old.close();
            }
        }
    }

    private static long size(INDArray a) {
        return a.length() * a.dataType().width();
    }
}
