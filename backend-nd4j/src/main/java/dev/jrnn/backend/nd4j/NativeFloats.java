package dev.jrnn.backend.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A packed FLOAT32 array's native memory as a direct byte buffer in the platform's byte order, from
 * its first element: what {@code cpu-kernels}' gate kernels read and write in place
 * ({@link dev.jrnn.kernels.Lstm}, {@link dev.jrnn.kernels.Gru}), where {@link Buf} copies ranges
 * into Java arrays for them. A byte buffer indexes with an int, so arrays of 2^31 bytes or more
 * have no view.
 */
final class NativeFloats {
    private NativeFloats() {
    }

    /** Whether every non-null array of {@code arrays} is FLOAT32 and under 2^31 bytes, so has a view. */
    static boolean fit(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && (a.dataType() != DataType.FLOAT || 4 * (a.offset() + a.length()) > Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    /** The view of {@code a}'s elements (null for null); {@code a} must be packed and {@link #fit}. */
    static ByteBuffer of(INDArray a) {
        if (a == null) {
            return null;
        }
        // the data buffer's whole memory (as Buf reads it), then the array's elements within it
        int from = Math.toIntExact(4 * a.offset());
        int bytes = Math.toIntExact(4 * a.length());
        ByteBuffer all = a.data().asNio();
        return all.duplicate().position(from).limit(from + bytes).slice().order(ByteOrder.nativeOrder());
    }
}
