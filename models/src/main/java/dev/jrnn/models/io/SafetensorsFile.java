package dev.jrnn.models.io;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated contents of a safetensors file: tensors by name in header order, each with its
 * dtype, shape and little-endian data, and the {@code __metadata__} strings. Immutable.
 */
public final class SafetensorsFile {
    private final Path source;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final ByteBuffer data;

    SafetensorsFile(Path source, Map<String, TensorInfo> tensors, Map<String, String> metadata, ByteBuffer data) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.data = data;
    }

    /** The file this was read from. */
    public Path source() {
        return source;
    }

    /** The tensor names in header order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** Whether a tensor is called {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The {@code __metadata__} strings (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header entry of {@code name}; throws {@link IllegalArgumentException} naming the file if absent. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(source + ": has no tensor '" + name + "', it holds " + names());
        }
        return info;
    }

    public SafetensorsDType dtype(String name) {
        return info(name).dtype();
    }

    public Shape shape(String name) {
        return info(name).shape();
    }

    /** The elements of {@code name} as doubles, whatever the stored type (I64 beyond 2^53 rounds). */
    public double[] doubles(String name) {
        TensorInfo info = info(name);
        ByteBuffer b = view(info);
        double[] out = new double[info.shape().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (info.dtype()) {
                case F64 -> b.getDouble();
                case F32 -> b.getFloat();
                case I64 -> b.getLong();
                case I32 -> b.getInt();
            };
        }
        return out;
    }

    /** The elements of {@code name} as floats (F64 values round to nearest). */
    public float[] floats(String name) {
        double[] d = doubles(name);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** The elements of an integer tensor; throws {@link IllegalArgumentException} for F32 or F64. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isInteger()) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' is " + info.dtype()
                    + ", expected an integer type (I64 or I32)");
        }
        ByteBuffer b = view(info);
        long[] out = new long[info.shape().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = info.dtype() == SafetensorsDType.I64 ? b.getLong() : b.getInt();
        }
        return out;
    }

    /** {@code name} as a tensor on {@code backend} in its natural dtype ({@link SafetensorsDType#toDType()}). */
    public Tensor tensor(String name, Backend backend) {
        return tensor(name, backend, dtype(name).toDType());
    }

    /** {@code name} as a tensor on {@code backend} converted to {@code dtype}; F32 data loads exactly. */
    public Tensor tensor(String name, Backend backend, DType dtype) {
        if (dtype == DType.FLOAT32 && dtype(name) == SafetensorsDType.F32) {
            return backend.fromArray(floats(name), shape(name));
        }
        return backend.fromArray(doubles(name), shape(name), dtype);
    }

    /** Every tensor on {@code backend}, in header order; the caller closes them. */
    public Map<String, Tensor> tensors(Backend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, tensor(name, backend));
        }
        return out;
    }

    private ByteBuffer view(TensorInfo info) {
        ByteBuffer b = data.duplicate().order(data.order());
        b.position((int) info.begin()).limit((int) info.end());
        return b.slice().order(data.order());
    }

    @Override
    public String toString() {
        return "SafetensorsFile " + source + " " + names();
    }
}
