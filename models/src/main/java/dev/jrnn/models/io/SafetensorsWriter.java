package dev.jrnn.models.io;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a safetensors file: tensors in insertion order, packed back to back, and
 * {@code __metadata__} strings; the header is padded with spaces to a multiple of 8 bytes.
 * {@link #write(Path)} goes through a temporary file in the target's directory that is then
 * renamed, so a failure never leaves a half-written file in place of the previous one.
 */
public final class SafetensorsWriter {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private record Entry(SafetensorsDType dtype, Shape shape, byte[] bytes) {
    }

    /** Adds {@code tensor} as F32 or F64 by its dtype; its data is copied now. */
    public SafetensorsWriter put(String name, Tensor tensor) {
        return tensor.dtype() == DType.FLOAT32
                ? putFloats(name, tensor.shape(), tensor.toFloatArray())
                : putDoubles(name, tensor.shape(), tensor.toDoubleArray());
    }

    /** Adds an F64 tensor. */
    public SafetensorsWriter putDoubles(String name, Shape shape, double[] values) {
        ByteBuffer b = buffer(name, shape, values.length, SafetensorsDType.F64);
        b.asDoubleBuffer().put(values);
        return add(name, SafetensorsDType.F64, shape, b);
    }

    /** Adds an F32 tensor. */
    public SafetensorsWriter putFloats(String name, Shape shape, float[] values) {
        ByteBuffer b = buffer(name, shape, values.length, SafetensorsDType.F32);
        b.asFloatBuffer().put(values);
        return add(name, SafetensorsDType.F32, shape, b);
    }

    /** Adds an I64 tensor. */
    public SafetensorsWriter putLongs(String name, Shape shape, long[] values) {
        ByteBuffer b = buffer(name, shape, values.length, SafetensorsDType.I64);
        b.asLongBuffer().put(values);
        return add(name, SafetensorsDType.I64, shape, b);
    }

    /** Adds one {@code __metadata__} entry. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds every {@code __metadata__} entry of {@code values}. */
    public SafetensorsWriter metadata(Map<String, String> values) {
        values.forEach(this::metadata);
        return this;
    }

    private ByteBuffer buffer(String name, Shape shape, int length, SafetensorsDType dtype) {
        if (name == null || name.equals("__metadata__")) {
            throw new IllegalArgumentException("safetensors: '" + name + "' cannot name a tensor");
        }
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("safetensors: tensor '" + name + "' was already added");
        }
        if (shape.size() != length) {
            throw new IllegalArgumentException("safetensors: tensor '" + name + "' has shape " + shape + " ("
                    + shape.size() + " elements) but " + length + " values");
        }
        return ByteBuffer.allocate(length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private SafetensorsWriter add(String name, SafetensorsDType dtype, Shape shape, ByteBuffer b) {
        entries.put(name, new Entry(dtype, shape, b.array()));
        return this;
    }

    /** The header JSON, unpadded. */
    String headerJson() {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            HeaderJson.writeString(sb, "__metadata__");
            sb.append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                sb.append(sep);
                HeaderJson.writeString(sb, m.getKey());
                sb.append(':');
                HeaderJson.writeString(sb, m.getValue());
                sep = ",";
            }
            sb.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry t = e.getValue();
            sb.append(sep);
            HeaderJson.writeString(sb, e.getKey());
            sb.append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(t.shape().dims()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + t.bytes().length)
                    .append("]}");
            offset += t.bytes().length;
            sep = ",";
        }
        return sb.append('}').toString();
    }

    /** Writes the whole file to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] header = headerJson().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(header, padded);
        Arrays.fill(head, header.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(head);
        for (Entry e : entries.values()) {
            out.write(e.bytes());
        }
        out.flush();
    }

    /** Writes the file atomically ({@link AtomicFile}). */
    public void write(Path target) throws IOException {
        AtomicFile.write(target, this::writeTo);
    }
}
