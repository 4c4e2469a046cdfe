package dev.jrnn.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * A caching device allocator: a closed tensor's block goes back to a free list of its size class
 * and the next request of that class reuses it, so a training loop allocates from the driver only
 * in its first step. When the driver runs out of memory the cache is emptied and the request
 * retried once. Thread-safe.
 *
 * <p>Size classes: {@code max(512, 2^ceil(log2 bytes))} up to 1 MiB, then multiples of 2 MiB.
 */
final class CudaAllocator {
    static final long SMALL_LIMIT = 1L << 20;
    static final long LARGE_STEP = 2L << 20;
    static final long MIN_BLOCK = 512;

    /** A device allocation of {@code capacity} bytes; the empty block (capacity 0) has a null pointer. */
    record Block(CUdeviceptr pointer, long capacity) {
        static final Block EMPTY = new Block(new CUdeviceptr(), 0);
    }

    private final DeviceMemory memory;
    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private long reservedBytes;
    private long cachedBytes;

    CudaAllocator(DeviceMemory memory) {
        this.memory = memory;
    }

    /** The capacity a request for {@code bytes} bytes is served with. */
    static long sizeClass(long bytes) {
        if (bytes <= 0) {
            return 0;
        }
        if (bytes <= SMALL_LIMIT) {
            return Math.max(MIN_BLOCK, Long.highestOneBit(bytes - 1) << 1);
        }
        return (bytes + LARGE_STEP - 1) / LARGE_STEP * LARGE_STEP;
    }

    /** A block of at least {@code bytes} bytes, reused from the cache when one of its class is free. */
    synchronized Block acquire(long bytes) {
        long capacity = sizeClass(bytes);
        if (capacity == 0) {
            return Block.EMPTY;
        }
        ArrayDeque<CUdeviceptr> list = free.get(capacity);
        if (list != null && !list.isEmpty()) {
            cachedBytes -= capacity;
            return new Block(list.pop(), capacity);
        }
        CUdeviceptr pointer;
        try {
            pointer = memory.allocate(capacity);
        } catch (RuntimeException first) {
            if (cachedBytes == 0) {
                throw outOfMemory(bytes, first);
            }
            trim();
            try {
                pointer = memory.allocate(capacity);
            } catch (RuntimeException second) {
                throw outOfMemory(bytes, second);
            }
        }
        reservedBytes += capacity;
        return new Block(pointer, capacity);
    }

    /** Puts {@code block} back on its free list; the memory stays reserved for reuse. */
    synchronized void release(Block block) {
        if (block.capacity() == 0) {
            return;
        }
        free.computeIfAbsent(block.capacity(), c -> new ArrayDeque<>()).push(block.pointer());
        cachedBytes += block.capacity();
    }

    /** Returns every cached (free) block to the driver. */
    synchronized void trim() {
        for (Map.Entry<Long, ArrayDeque<CUdeviceptr>> entry : free.entrySet()) {
            for (CUdeviceptr pointer : entry.getValue()) {
                memory.free(pointer);
                reservedBytes -= entry.getKey();
            }
        }
        free.clear();
        cachedBytes = 0;
    }

    /** Bytes held from the driver: blocks in use plus cached ones. */
    synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** Bytes in free blocks waiting for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    private RuntimeException outOfMemory(long bytes, RuntimeException cause) {
        return new IllegalStateException("cuda: cannot allocate " + bytes + " bytes on the device (" + reservedBytes
                + " bytes reserved by jrnn, " + cachedBytes + " of them cached): " + CudaProbe.firstLine(cause), cause);
    }
}
