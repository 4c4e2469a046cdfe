package dev.jrnn.models.io;

import dev.jrnn.api.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a safetensors file header first: the 8-byte little-endian header length
 * against the limit and the file's size, the JSON header ({@link HeaderParser}), every tensor's
 * dtype, shape (dimensions non-negative, element and byte counts without overflow, at most one Java
 * array) and data offsets (within the data section, matching the byte count, tiling the section
 * exactly: no overlap, no gap, no trailing bytes), then the checksum of a file jrnn wrote
 * ({@link FileChecksum}). Only then is data touched, read or mapped by
 * {@link DataSection}, so no header can make it allocate more than the file holds.
 */
final class SafetensorsReader {
    /** The most elements a Java array is sure to hold. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final LoadOptions options;

    private SafetensorsReader(Path file, LoadOptions options) {
        this.file = file;
        this.options = options;
    }

    static SafetensorsFile read(Path file, LoadOptions options) throws IOException {
        if (Files.isDirectory(file)) {
            throw new SafetensorsException(file, "is a directory, not a safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new SafetensorsReader(file, options).read(channel);
        } catch (NoSuchFileException ex) {
            throw new SafetensorsException(file, "no such file", ex);
        } catch (AccessDeniedException ex) {
            throw new SafetensorsException(file, "cannot be read (permission denied)", ex);
        } catch (EOFException ex) {
            throw new SafetensorsException(file, ex.getMessage(), ex);
        }
    }

    static SafetensorsFile parse(Path file, byte[] bytes, LoadOptions options) throws SafetensorsException {
        SafetensorsReader reader = new SafetensorsReader(file, options);
        long headerLength = reader.headerLength(bytes.length >= 8 ? bytes : null, bytes.length);
        int dataStart = 8 + (int) headerLength;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = reader.header(bytes, 8, (int) headerLength, bytes.length - (long) dataStart,
                tensors);
        ByteBuffer section = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart);
        String recorded = metadata.remove(FileChecksum.KEY);
        if (recorded != null) {
            FileChecksum.verify(file, recorded, Arrays.copyOf(bytes, 8), Arrays.copyOfRange(bytes, 8, dataStart), section);
        } else {
            FileChecksum.checkKeyIntact(file, metadata.keySet());
        }
        return new SafetensorsFile(file, tensors, metadata, DataSection.of(section));
    }

    private SafetensorsFile read(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer prefix = ByteBuffer.allocate(size >= 8 ? 8 : 0);
        DataSection.readFully(channel, 0, prefix);
        long headerLength = headerLength(size >= 8 ? prefix.array() : null, size);
        byte[] header = new byte[(int) headerLength];
        DataSection.readFully(channel, 8, ByteBuffer.wrap(header));
        long dataStart = 8 + headerLength;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = header(header, 0, header.length, size - dataStart, tensors);
        String recorded = metadata.remove(FileChecksum.KEY);
        if (recorded != null) {
            FileChecksum.verify(file, recorded, prefix.array(), header, channel, dataStart, size - dataStart);
        } else {
            FileChecksum.checkKeyIntact(file, metadata.keySet());
        }
        return new SafetensorsFile(file, tensors, metadata, DataSection.open(channel, dataStart, size - dataStart));
    }

    /** The header length stated by the first 8 bytes ({@code prefix}, null if the file is shorter). */
    private long headerLength(byte[] prefix, long size) throws SafetensorsException {
        if (prefix == null) {
            throw fail("is " + size + " bytes long, too short to hold the 8-byte header length (truncated?)");
        }
        long n = ByteBuffer.wrap(prefix, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > size - 8) {
            throw fail("header length " + Long.toUnsignedString(n) + " goes beyond the file size of " + size
                    + " bytes (truncated or not a safetensors file?)");
        }
        if (n > options.maxHeaderBytes()) {
            throw fail("header length " + n + " exceeds the limit of " + options.maxHeaderBytes() + " bytes");
        }
        return n;
    }

    /** Parses and validates the header; fills {@code tensors} and returns the metadata. */
    private Map<String, String> header(byte[] bytes, int offset, int length, long dataLength,
                                       Map<String, TensorInfo> tensors) throws SafetensorsException {
        // a modifiable copy: the reader takes the checksum out of the metadata it returns
        HeaderParser.Header header;
        try {
            header = HeaderParser.parse(bytes, offset, length, options.maxHeaderBytes());
        } catch (HeaderParser.MalformedHeader ex) {
            throw fail(ex.getMessage());
        }
        for (HeaderParser.Entry e : header.entries()) {
            tensors.put(e.name(), tensor(e, dataLength));
        }
        checkTiling(new ArrayList<>(tensors.values()), dataLength);
        return new LinkedHashMap<>(header.metadata());
    }

    private TensorInfo tensor(HeaderParser.Entry e, long dataLength) throws SafetensorsException {
        String where = "tensor '" + e.name() + "': ";
        SafetensorsDType dtype = SafetensorsDType.parse(e.dtype());
        if (dtype == null) {
            throw fail(where + "dtype " + e.dtype() + " is not supported, expected one of "
                    + List.of(SafetensorsDType.values()));
        }
        long[] dims = e.shape();
        long elements = 1;
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw fail(where + "shape dimension " + d + " is out of range [0, 2^31-1]");
            }
            elements = multiply(elements, d, where + "shape " + Arrays.toString(dims));
        }
        long bytes = multiply(elements, dtype.byteSize(), where + "shape " + Arrays.toString(dims) + " of " + dtype);
        long begin = e.offsets()[0];
        long end = e.offsets()[1];
        if (begin < 0 || end < begin || end > dataLength) {
            throw fail(where + "data_offsets [" + begin + ", " + end + "] are out of bounds of the " + dataLength
                    + "-byte data section (truncated?)");
        }
        if (end - begin != bytes) {
            throw fail(where + "shape " + Arrays.toString(dims) + " of " + dtype + " needs " + bytes
                    + " bytes, but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        if (elements > MAX_ELEMENTS) {
            throw fail(where + "shape " + Arrays.toString(dims) + " has " + elements + " elements, more than the "
                    + MAX_ELEMENTS + " that one Java array holds; jrnn cannot load a tensor this large");
        }
        int[] intDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            intDims[i] = (int) dims[i];
        }
        return new TensorInfo(e.name(), dtype, Shape.of(intDims), begin, end);
    }

    private long multiply(long a, long b, String what) throws SafetensorsException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            throw fail(what + " has more than 2^63-1 elements or bytes");
        }
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

    private SafetensorsException fail(String what) {
        return new SafetensorsException(file, what);
    }
}
