package dev.jrnn.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The check on the byte-buffer operands of the gate kernels: the vector kernels read and write
 * floats in the platform's order whatever a buffer's own setting, the scalar ones in the buffer's,
 * so a buffer set to the other order is refused rather than read two ways.
 */
final class NativeOrder {
    private NativeOrder() {
    }

    /** Throws unless every non-null buffer of {@code buffers} is set to the platform's byte order. */
    static void require(String kernel, ByteBuffer... buffers) {
        for (int k = 0; k < buffers.length; k++) {
            ByteBuffer b = buffers[k];
            if (b != null && b.order() != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException(kernel + ": byte buffer operand " + k + " is " + b.order()
                        + "; the kernels read floats in the platform's order, " + ByteOrder.nativeOrder());
            }
        }
    }
}
