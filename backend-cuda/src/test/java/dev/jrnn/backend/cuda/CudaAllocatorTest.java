package dev.jrnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the caching device allocator")
class CudaAllocatorTest {

    /** Device memory of a fixed size in a fake driver that records every call. */
    static final class FakeMemory implements DeviceMemory {
        final long limit;
        long used;
        final List<CUdeviceptr> live = new ArrayList<>();
        final java.util.Map<CUdeviceptr, Long> sizes = new java.util.IdentityHashMap<>();
        int allocations;
        int frees;

        FakeMemory(long limit) {
            this.limit = limit;
        }

        @Override
        public CUdeviceptr allocate(long bytes) {
            if (used + bytes > limit) {
                throw new IllegalStateException("CUDA_ERROR_OUT_OF_MEMORY");
            }
            used += bytes;
            allocations++;
            CUdeviceptr p = new CUdeviceptr();
            live.add(p);
            sizes.put(p, bytes);
            return p;
        }

        @Override
        public void free(CUdeviceptr pointer) {
            assertTrue(live.removeIf(p -> p == pointer), "freed a pointer that is not live");
            used -= sizes.remove(pointer);
            frees++;
        }
    }

    @Test
    @DisplayName("rounds small requests up to powers of two from 512 bytes and large ones to 2 MiB steps")
    void sizeClasses() {
        assertEquals(0, CudaAllocator.sizeClass(0));
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(512, CudaAllocator.sizeClass(512));
        assertEquals(1024, CudaAllocator.sizeClass(513));
        assertEquals(1L << 20, CudaAllocator.sizeClass((1L << 20) - 3));
        assertEquals(2L << 20, CudaAllocator.sizeClass((1L << 20) + 1));
        assertEquals(4L << 20, CudaAllocator.sizeClass((2L << 20) + 1));
    }

    @Test
    @DisplayName("reuses a released block for the next request of its size class without calling the driver")
    void reusesBlocks() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CudaAllocator allocator = new CudaAllocator(memory);
        CudaAllocator.Block a = allocator.acquire(600);
        assertEquals(1024, a.capacity());
        allocator.release(a);
        assertEquals(1024, allocator.cachedBytes());
        CudaAllocator.Block b = allocator.acquire(1000);
        assertSame(a.pointer(), b.pointer());
        assertEquals(1, memory.allocations);
        assertEquals(0, allocator.cachedBytes());
        CudaAllocator.Block c = allocator.acquire(100);
        assertNotSame(b.pointer(), c.pointer());
        assertEquals(1024 + 512, allocator.reservedBytes());
    }

    @Test
    @DisplayName("serves empty tensors without touching the driver")
    void emptyBlocks() {
        FakeMemory memory = new FakeMemory(0);
        CudaAllocator allocator = new CudaAllocator(memory);
        CudaAllocator.Block empty = allocator.acquire(0);
        assertEquals(0, empty.capacity());
        allocator.release(empty);
        assertEquals(0, memory.allocations);
        assertEquals(0, allocator.cachedBytes());
    }

    @Test
    @DisplayName("keeps memory flat over a loop that allocates and frees the same sizes")
    void loopDoesNotGrow() {
        FakeMemory memory = new FakeMemory(1 << 30);
        CudaAllocator allocator = new CudaAllocator(memory);
        for (int i = 0; i < 1000; i++) {
            List<CudaAllocator.Block> step = new ArrayList<>();
            for (long size : new long[] {64, 4096, 3 << 20, 64}) {
                step.add(allocator.acquire(size));
            }
            step.forEach(allocator::release);
        }
        assertEquals(4, memory.allocations);
        assertEquals(512 + 512 + 4096 + (4L << 20), allocator.reservedBytes());
    }

    @Test
    @DisplayName("empties its cache and retries once when the device runs out of memory")
    void retriesAfterTrimming() {
        FakeMemory memory = new FakeMemory(4096);
        CudaAllocator allocator = new CudaAllocator(memory);
        allocator.release(allocator.acquire(2048));
        allocator.release(allocator.acquire(1024));
        CudaAllocator.Block big = allocator.acquire(4096);
        assertEquals(4096, big.capacity());
        assertEquals(2, memory.frees);
        assertEquals(0, allocator.cachedBytes());
        assertEquals(4096, allocator.reservedBytes());
    }

    @Test
    @DisplayName("reports an exhausted device with the request and what it holds")
    void outOfMemoryIsExplained() {
        FakeMemory memory = new FakeMemory(1024);
        CudaAllocator allocator = new CudaAllocator(memory);
        allocator.acquire(1024);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocator.acquire(10));
        assertTrue(e.getMessage().contains("cannot allocate 10 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("1024 bytes reserved"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
    }

    @Test
    @DisplayName("returns every cached block to the driver on trim")
    void trimFreesCache() {
        FakeMemory memory = new FakeMemory(1 << 20);
        CudaAllocator allocator = new CudaAllocator(memory);
        CudaAllocator.Block kept = allocator.acquire(100);
        allocator.release(allocator.acquire(5000));
        allocator.release(allocator.acquire(700));
        allocator.trim();
        assertEquals(2, memory.frees);
        assertEquals(List.of(kept.pointer()), memory.live);
        assertEquals(512, allocator.reservedBytes());
    }
}
