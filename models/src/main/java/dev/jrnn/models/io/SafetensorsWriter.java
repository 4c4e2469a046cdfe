package dev.jrnn.models.io;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private static final JsonFactory JSON = new JsonFactory();

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

    /** Adds one {@code __metadata__} entry; a string holding a lone surrogate is refused. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(text(key, "metadata key"), text(value, "metadata value of '" + key + "'"));
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
        text(name, "tensor name");
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

    /** The header JSON, unpadded, as UTF-8. */
    byte[] header() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            if (!metadata.isEmpty()) {
                json.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    json.writeStringField(m.getKey(), m.getValue());
                }
                json.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry t = e.getValue();
                json.writeObjectFieldStart(e.getKey());
                json.writeStringField("dtype", t.dtype().name());
                json.writeArrayFieldStart("shape");
                for (int d : t.shape().dims()) {
                    json.writeNumber(d);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("data_offsets");
                json.writeNumber(offset);
                json.writeNumber(offset + t.bytes().length);
                json.writeEndArray();
                json.writeEndObject();
                offset += t.bytes().length;
            }
            json.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** {@code s}, unless it holds a lone surrogate, which UTF-8 cannot store (the reader would reject it). */
    private static String text(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("safetensors: the " + what + " holds a lone surrogate at character "
                        + i + ", which is not Unicode text: " + s);
            }
        }
        return s;
    }

    /** Writes the whole file to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] header = header();
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
