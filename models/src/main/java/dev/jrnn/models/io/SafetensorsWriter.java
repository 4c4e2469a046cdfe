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
 * {@code __metadata__} strings, the last of them the file's checksum ({@link FileChecksum}); the
 * header is padded with spaces to a multiple of 8 bytes.
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

    /**
     * Adds {@code tensor} stored as {@code as}: F64 or F32 (a FLOAT64 tensor stored as F32 rounds to
     * nearest), or F16 or BF16, rounded once from the tensor's values to nearest, ties to even
     * ({@link HalfFloats}). Its data is copied now.
     *
     * @throws IllegalArgumentException for an integer {@code as}, or a finite value beyond the range of
     *                                  {@code as} (it would become infinite), naming the tensor, the
     *                                  position, the value and the type's largest finite value
     */
    public SafetensorsWriter put(String name, Tensor tensor, SafetensorsDType as) {
        return switch (as) {
            case F64 -> putDoubles(name, tensor.shape(), tensor.toDoubleArray());
            case F32 -> putFloats(name, tensor.shape(), narrow(name, tensor.shape(), tensor.toDoubleArray()));
            case F16, BF16 -> putHalves(name, tensor.shape(), tensor.toDoubleArray(), as);
            case I64, I32 -> throw new IllegalArgumentException("safetensors: tensor '" + name
                    + "' cannot be stored as " + as + ": weights are stored as F64, F32, F16 or BF16");
        };
    }

    /** {@code values} as floats, refusing a finite value that overflows. */
    private static float[] narrow(String name, Shape shape, double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
            if (Float.isInfinite(out[i]) && Double.isFinite(values[i])) {
                throw overflow(name, shape, i, values[i], SafetensorsDType.F32, Float.MAX_VALUE);
            }
        }
        return out;
    }

    /**
     * Adds an F16 or BF16 tensor of {@code values} rounded to nearest, ties to even; NaN and
     * infinities are kept, a finite value beyond the type's range is refused (see {@link #put(String, Tensor, SafetensorsDType)}).
     */
    public SafetensorsWriter putHalves(String name, Shape shape, double[] values, SafetensorsDType as) {
        if (!as.isHalf()) {
            throw new IllegalArgumentException("safetensors: putHalves stores F16 or BF16, not " + as);
        }
        ByteBuffer b = buffer(name, shape, values.length, as);
        double max = as == SafetensorsDType.F16 ? HalfFloats.F16_MAX : HalfFloats.BF16_MAX;
        for (int i = 0; i < values.length; i++) {
            short bits = as == SafetensorsDType.F16 ? HalfFloats.toF16(values[i]) : HalfFloats.toBF16(values[i]);
            float stored = as == SafetensorsDType.F16 ? HalfFloats.fromF16(bits) : HalfFloats.fromBF16(bits);
            if (Float.isInfinite(stored) && Double.isFinite(values[i])) {
                throw overflow(name, shape, i, values[i], as, max);
            }
            b.putShort(bits);
        }
        return add(name, as, shape, b);
    }

    private static IllegalArgumentException overflow(String name, Shape shape, int index, double value,
                                                     SafetensorsDType as, double max) {
        int[] position = new int[shape.rank()];
        int rest = index;
        for (int axis = position.length - 1; axis >= 0; axis--) {
            position[axis] = rest % shape.dim(axis);
            rest /= shape.dim(axis);
        }
        return new IllegalArgumentException("safetensors: tensor '" + name + "' holds " + value + " at "
                + Arrays.toString(position) + ", beyond the largest finite " + as + " value " + max
                + "; it would be stored as infinity (store it as " + (as == SafetensorsDType.F16 ? "BF16 or " : "")
                + "F32)");
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

    /**
     * Adds one {@code __metadata__} entry; a string holding a lone surrogate is refused, and so is the
     * key {@code jrnn.crc32c}, which every file is given: the CRC32C of its bytes, checked on reading.
     */
    public SafetensorsWriter metadata(String key, String value) {
        if (FileChecksum.KEY.equals(key)) {
            throw new IllegalArgumentException("safetensors: metadata key '" + key + "' is reserved for the file's"
                    + " checksum, which is written with every file");
        }
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
            json.writeObjectFieldStart("__metadata__");
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.writeStringField(m.getKey(), m.getValue());
            }
            json.writeStringField(FileChecksum.KEY, FileChecksum.PLACEHOLDER);
            json.writeEndObject();
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
        byte[] prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array();
        FileChecksum.seal(prefix, head, entries.values().stream().map(Entry::bytes).toList());
        out.write(prefix);
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
