package dev.jrnn.models.io;

import dev.jrnn.api.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the bytes of a safetensors file: the 8-byte little-endian header length,
 * the JSON header, and that the tensors' data offsets tile the data section exactly (in bounds,
 * sized by shape and dtype, no overlap, no gap, no trailing bytes).
 */
final class SafetensorsReader {
    /** Headers larger than this are rejected as corrupt (the reference implementation's limit). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path file;

    private SafetensorsReader(Path file) {
        this.file = file;
    }

    static SafetensorsFile parse(Path file, byte[] bytes) throws SafetensorsException {
        return new SafetensorsReader(file).parse(bytes);
    }

    private SafetensorsFile parse(byte[] bytes) throws SafetensorsException {
        if (bytes.length < 8) {
            throw fail("is " + bytes.length + " bytes long, too short to hold the 8-byte header length (truncated?)");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > bytes.length - 8L) {
            throw fail("header length " + Long.toUnsignedString(headerLength) + " goes beyond the file size of "
                    + bytes.length + " bytes (truncated or not a safetensors file?)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw fail("header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        Object root;
        try {
            root = HeaderJson.parse(json);
        } catch (IllegalArgumentException ex) {
            throw fail("header is not valid JSON: " + ex.getMessage());
        }
        if (!(root instanceof Map<?, ?> header)) {
            throw fail("header must be a JSON object, found " + describe(root));
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = Map.of();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals("__metadata__")) {
                metadata = metadata(e.getValue());
            } else {
                tensors.put(key, entry(key, e.getValue(), dataLength));
            }
        }
        checkTiling(new ArrayList<>(tensors.values()), dataLength);
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) dataLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new SafetensorsFile(file, tensors, metadata, data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    private Map<String, String> metadata(Object value) throws SafetensorsException {
        if (!(value instanceof Map<?, ?> map)) {
            throw fail("__metadata__ must be an object of strings, found " + describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail("__metadata__ value of \"" + e.getKey() + "\" must be a string, found " + describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private TensorInfo entry(String name, Object value, long dataLength) throws SafetensorsException {
        if (!(value instanceof Map<?, ?> map)) {
            throw fail("tensor '" + name + "': header entry must be an object, found " + describe(value));
        }
        if (!(map.get("dtype") instanceof String dtypeName)) {
            throw fail("tensor '" + name + "': missing or non-string \"dtype\"");
        }
        SafetensorsDType dtype = SafetensorsDType.parse(dtypeName);
        if (dtype == null) {
            throw fail("tensor '" + name + "': dtype " + dtypeName + " is not supported, expected one of "
                    + List.of(SafetensorsDType.values()));
        }
        long[] dims = longs(name, "shape", map.get("shape"), -1);
        long[] offsets = longs(name, "data_offsets", map.get("data_offsets"), 2);
        long elements = 1;
        int[] intDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw fail("tensor '" + name + "': shape dimension " + dims[i] + " is out of range");
            }
            intDims[i] = (int) dims[i];
            elements = Math.multiplyExact(elements, dims[i]);
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength) {
            throw fail("tensor '" + name + "': data_offsets [" + begin + ", " + end + "] are out of bounds of the "
                    + dataLength + "-byte data section (truncated?)");
        }
        long expected = elements * dtype.byteSize();
        if (end - begin != expected) {
            throw fail("tensor '" + name + "': shape " + java.util.Arrays.toString(dims) + " of " + dtype + " needs "
                    + expected + " bytes, but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorInfo(name, dtype, Shape.of(intDims), begin, end);
    }

    private long[] longs(String name, String field, Object value, int length) throws SafetensorsException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw fail("tensor '" + name + "': \"" + field + "\" must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers") + ", found " + describe(value));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw fail("tensor '" + name + "': \"" + field + "\" element " + i + " is not an integer: "
                        + describe(list.get(i)));
            }
            out[i] = v;
        }
        return out;
    }

    private void checkTiling(List<TensorInfo> infos, long dataLength) throws SafetensorsException {
        infos.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : infos) {
            if (t.begin() < cursor) {
                throw fail("tensors '" + previous.name() + "' " + range(previous) + " and '" + t.name() + "' "
                        + range(t) + " overlap");
            }
            if (t.begin() > cursor) {
                throw fail("tensor '" + t.name() + "' " + range(t) + " leaves a gap of " + (t.begin() - cursor)
                        + " bytes after byte " + cursor + " of the data section");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataLength) {
            throw fail("data section has " + (dataLength - cursor) + " bytes after the last tensor's end at "
                    + cursor + " (expected the tensors to fill all " + dataLength + " bytes)");
        }
    }

    private static String range(TensorInfo t) {
        return "[" + t.begin() + ", " + t.end() + "]";
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private SafetensorsException fail(String what) {
        return new SafetensorsException(file, what);
    }
}
