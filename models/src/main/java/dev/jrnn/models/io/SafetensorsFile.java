package dev.jrnn.models.io;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated contents of a safetensors file: tensors by name in header order, each with its
 * dtype, shape and little-endian data, and the {@code __metadata__} strings. Immutable. The data of
 * a large file stays in the file (memory-mapped) and is decoded tensor by tensor when asked for;
 * each tensor fits one Java array, which {@link Safetensors#read} checked.
 */
public final class SafetensorsFile {
    /** Bytes decoded at a time: a multiple of every element size. */
    private static final int BLOCK_BYTES = 1 << 16;

    private final Path source;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final DataSection data;

    SafetensorsFile(Path source, Map<String, TensorInfo> tensors, Map<String, String> metadata, DataSection data) {
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

    /** The elements of {@code name} as doubles, whatever the stored type (I64 beyond 2^53 rounds; F16 and BF16 upcast exactly). */
    public double[] doubles(String name) {
        TensorInfo info = info(name);
        double[] out = new double[info.shape().size()];
        decode(info, (b, at, count) -> {
            switch (info.dtype()) {
                case F64 -> b.asDoubleBuffer().get(out, at, count);
                case F32 -> {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = b.getFloat();
                    }
                }
                case I64 -> {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = b.getLong();
                    }
                }
                case I32 -> {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = b.getInt();
                    }
                }
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = HalfFloats.fromF16(b.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = HalfFloats.fromBF16(b.getShort());
                    }
                }
            }
        });
        return out;
    }

    /** The elements of {@code name} as floats (F64 values round to nearest; F16 and BF16 are exact). */
    public float[] floats(String name) {
        TensorInfo info = info(name);
        if (info.dtype() != SafetensorsDType.F32) {
            double[] d = doubles(name);
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        float[] out = new float[info.shape().size()];
        decode(info, (b, at, count) -> b.asFloatBuffer().get(out, at, count));
        return out;
    }

    /** The elements of an integer tensor; throws {@link IllegalArgumentException} for F32 or F64. */
    public long[] longs(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isInteger()) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' is " + info.dtype()
                    + ", expected an integer type (I64 or I32)");
        }
        long[] out = new long[info.shape().size()];
        decode(info, (b, at, count) -> {
            for (int i = 0; i < count; i++) {
                out[at + i] = info.dtype() == SafetensorsDType.I64 ? b.getLong() : b.getInt();
            }
        });
        return out;
    }

    /** {@code name} as a tensor on {@code backend} in its natural dtype ({@link SafetensorsDType#toDType()}). */
    public Tensor tensor(String name, Backend backend) {
        return tensor(name, backend, dtype(name).toDType());
    }

    /** {@code name} as a tensor on {@code backend} converted to {@code dtype}; F32, F16 and BF16 data load exactly. */
    public Tensor tensor(String name, Backend backend, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return backend.fromArray(floats(name), shape(name));
        }
        return backend.fromArray(doubles(name), shape(name), dtype);
    }

    /**
     * {@link #tensor(String, Backend, DType)}, but unless {@code options} allow them a NaN or
     * infinite value (also one that a conversion to FLOAT32 makes infinite) is rejected before the
     * backend gets the values.
     *
     * @throws SafetensorsException naming the file, the tensor and the first such element
     */
    public Tensor tensor(String name, Backend backend, DType dtype, LoadOptions options) throws SafetensorsException {
        if (dtype == DType.FLOAT32) {
            float[] values = floats(name);
            if (!options.allowNonFinite()) {
                for (int i = 0; i < values.length; i++) {
                    if (!Float.isFinite(values[i])) {
                        throw nonFinite(name, i, values[i], dtype);
                    }
                }
            }
            return backend.fromArray(values, shape(name));
        }
        double[] values = doubles(name);
        if (!options.allowNonFinite()) {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw nonFinite(name, i, values[i], dtype);
                }
            }
        }
        return backend.fromArray(values, shape(name), dtype);
    }

    private SafetensorsException nonFinite(String name, int index, double value, DType dtype) {
        int[] position = new int[shape(name).rank()];
        int rest = index;
        for (int axis = position.length - 1; axis >= 0; axis--) {
            int d = shape(name).dim(axis);
            position[axis] = rest % d;
            rest /= d;
        }
        return new SafetensorsException(source, "tensor '" + name + "' holds " + value + " at "
                + Arrays.toString(position) + " as " + dtype + "; weights must be finite"
                + " (LoadOptions.allowingNonFinite() accepts them)");
    }

    /** Every tensor on {@code backend}, in header order; the caller closes them. */
    public Map<String, Tensor> tensors(Backend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, tensor(name, backend));
        }
        return out;
    }

    /** Reads a block of {@code count} elements into the output from element {@code at}. */
    @FunctionalInterface
    private interface BlockReader {
        void read(ByteBuffer block, int at, int count);
    }

    /** Feeds {@code info}'s data to {@code reader} in blocks of whole elements, little-endian. */
    private void decode(TensorInfo info, BlockReader reader) {
        int size = info.dtype().byteSize();
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(BLOCK_BYTES, info.byteLength()));
        long offset = info.begin();
        int at = 0;
        while (offset < info.end()) {
            ByteBuffer block = data.chunk(offset, scratch, info.end() - offset);
            int bytes = block.remaining();
            int count = bytes / size;
            reader.read(block, at, count);
            at += count;
            offset += bytes;
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile " + source + " " + names();
    }
}
