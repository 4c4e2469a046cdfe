package dev.jrnn.models.io;

import dev.jrnn.api.Shape;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name  the tensor's key
 * @param dtype its element type
 * @param shape its dimensions (rank 0 is a scalar)
 * @param begin first byte of its data, relative to the start of the data section
 * @param end   one past its last byte
 */
public record TensorInfo(String name, SafetensorsDType dtype, Shape shape, long begin, long end) {

    /** Number of data bytes, {@code end - begin}. */
    public long byteLength() {
        return end - begin;
    }
}
