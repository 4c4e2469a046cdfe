package dev.jrnn.models.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The data section of a safetensors file, of any length: one heap buffer for a small file, read
 * with positional reads, or read-only memory mappings of at most {@link #WINDOW} bytes each for a
 * large one, so that only the pages a tensor occupies are ever read and no Java heap holds the file.
 * A mapping stays valid after its channel is closed and is released when it is garbage collected.
 */
final class DataSection {
    /** Files whose data is at most this long are read onto the heap, larger ones are mapped. */
    static final long READ_LIMIT = 64L * 1024 * 1024;
    /** Bytes per mapping (a multiple of every element size). */
    static final long WINDOW = 1L << 30;

    private final ByteBuffer[] windows;
    private final long window;

    private DataSection(ByteBuffer[] windows, long window) {
        this.windows = windows;
        this.window = window;
    }

    /** The section held by {@code buffer}, from its position to its limit. */
    static DataSection of(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().asReadOnlyBuffer();
        return new DataSection(new ByteBuffer[] {b}, Math.max(1, b.remaining()));
    }

    /** The {@code length} bytes of {@code channel} from {@code start}: read if small, else mapped. */
    static DataSection open(FileChannel channel, long start, long length) throws IOException {
        return length <= READ_LIMIT ? read(channel, start, (int) length) : map(channel, start, length, WINDOW);
    }

    static DataSection read(FileChannel channel, long start, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(channel, start, b);
        b.flip();
        return of(b);
    }

    /** Maps the section in windows of {@code window} bytes. */
    static DataSection map(FileChannel channel, long start, long length, long window) throws IOException {
        int count = (int) ((length + window - 1) / window);
        ByteBuffer[] windows = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long from = i * window;
            windows[i] = channel.map(FileChannel.MapMode.READ_ONLY, start + from, Math.min(window, length - from));
        }
        return new DataSection(windows, window);
    }

    /** Fills {@code dst} from {@code channel} at {@code position}, or fails if the file ends first. */
    static void readFully(FileChannel channel, long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new EOFException("the file ended at byte " + at + " while " + dst.remaining()
                        + " more bytes were expected (was it truncated while being read?)");
            }
            at += n;
        }
    }

    /**
     * Copies the bytes from {@code offset} into {@code dst} until it is full, across windows.
     * The caller keeps {@code [offset, offset + dst.remaining())} within the section.
     */
    void copy(long offset, ByteBuffer dst) {
        long at = offset;
        while (dst.hasRemaining()) {
            int w = (int) (at / window);
            int within = (int) (at % window);
            ByteBuffer src = windows[w].duplicate();
            int n = Math.min(dst.remaining(), src.limit() - within);
            src.position(within).limit(within + n);
            dst.put(src);
            at += n;
        }
    }

    /**
     * The bytes from {@code offset} in {@code scratch}, as many as it holds but at most
     * {@code remaining}, little-endian and ready to read.
     */
    ByteBuffer chunk(long offset, ByteBuffer scratch, long remaining) {
        scratch.clear();
        if (remaining < scratch.capacity()) {
            scratch.limit((int) remaining);
        }
        copy(offset, scratch);
        scratch.flip();
        return scratch.order(ByteOrder.LITTLE_ENDIAN);
    }
}
