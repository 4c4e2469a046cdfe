package dev.jrnn.models.io;

import dev.jrnn.api.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * JSON {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {key: value}}},
 * then the raw little-endian data. PyTorch's {@code state_dict} names go in and out unchanged.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /**
     * Reads and validates {@code file} with the {@link LoadOptions#DEFAULT default limits}: the header
     * first, then, only when every tensor's dtype, shape and offsets agree with each other and with
     * the file's size, the data (read if small, memory-mapped if large; files beyond 2 GiB load as
     * long as each tensor fits one Java array).
     *
     * @throws SafetensorsException for any content that is not a valid safetensors file, or exceeds a
     *                              limit; the message names the file, the tensor and what was expected
     * @throws IOException          if the file cannot be read at all
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, LoadOptions.DEFAULT);
    }

    /** {@link #read(Path)} with {@code options}' header limit. */
    public static SafetensorsFile read(Path file, LoadOptions options) throws IOException {
        return SafetensorsReader.read(file, options);
    }

    /** Validates the bytes of a safetensors file as {@link #read(Path)} does; {@code origin} names it in messages. */
    public static SafetensorsFile parse(Path origin, byte[] bytes) throws SafetensorsException {
        return SafetensorsReader.parse(origin, bytes, LoadOptions.DEFAULT);
    }

    /**
     * Writes {@code tensors} (F32 or F64 by their dtype, in the map's order) and {@code metadata}
     * to {@code file} atomically (temporary file, then rename). No argument is modified.
     */
    public static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        tensors.forEach(writer::put);
        writer.metadata(metadata).write(file);
    }

    /** {@link #write(Path, Map, Map)} without metadata. */
    public static void write(Path file, Map<String, ? extends Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }
}
