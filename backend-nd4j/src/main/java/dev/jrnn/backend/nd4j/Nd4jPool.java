package dev.jrnn.backend.nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import dev.jrnn.api.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small cache of the native buffers of closed tensors, so that a training loop that allocates
 * the same buffers every step (gate buffers, their gradients, loss terms, weight gradients) reuses
 * them instead of asking the system for fresh pages, whose first touch is costly (each page
 * faults and is zeroed). Buffers are matched by dtype and element count and handed out, reshaped,
 * with undefined contents; the cache holds at most {@value #MAX_BYTES} bytes and frees the oldest
 * buffers beyond that, so memory stays bounded. Buffers under {@value #MIN_BYTES} bytes are freed
 * at once (the system allocator serves them from memory it already holds). Thread-safe.
 */
final class Nd4jPool {
    private static final long MAX_BYTES = 256L << 20;
    private static final long MIN_BYTES = 64L << 10;
    private static final ArrayDeque<INDArray> FREE = new ArrayDeque<>();
    private static long bytes;

    private Nd4jPool() {
    }

    /** A cached buffer of {@code type} with as many elements as {@code shape}, as a packed array of that shape, or null. */
    static INDArray take(DataType type, Shape shape) {
        long n = shape.size();
        if (n * type.width() < MIN_BYTES) {
            return null;
        }
        INDArray found = null;
        synchronized (Nd4jPool.class) {
            for (Iterator<INDArray> it = FREE.descendingIterator(); it.hasNext(); ) {
                INDArray a = it.next();
                if (a.dataType() == type && a.length() == n) {
                    it.remove();
                    bytes -= size(a);
                    found = a;
                    break;
                }
            }
        }
        if (found == null) {
            return null;
        }
        return Arrays.equals(found.shape(), Nd4jArrays.dims(shape)) ? found : Nd4jArrays.rewrap(found, shape);
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

    /** Frees every cached buffer, so that what a process still holds afterwards is in use (or leaked). */
    static void clear() {
        synchronized (Nd4jPool.class) {
            while (!FREE.isEmpty()) {
                FREE.removeFirst().close();
            }
            bytes = 0;
        }
    }

    private static long size(INDArray a) {
        return a.length() * a.dataType().width();
    }
}
