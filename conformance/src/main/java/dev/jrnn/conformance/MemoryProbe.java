package dev.jrnn.conformance;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures the process's memory from outside any backend: the heap in use after a full collection,
 * the committed heap and non-heap memory, the JDK's direct and mapped buffers, and the resident
 * anonymous memory ({@code RssAnon}, else {@code VmRSS}, of {@code /proc/self/status}) where the
 * system has it, which also sees what native code allocates.
 */
final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {
    }

    /**
     * @param heapUsed         heap bytes in use after a full collection
     * @param heapCommitted    heap bytes committed
     * @param nonHeapCommitted non-heap bytes committed (metaspace, code cache)
     * @param buffers          bytes of the JDK's direct and mapped buffer pools
     * @param resident         resident anonymous bytes, or -1 where the system does not say
     * @param collected        whether the full collection asked for ran (explicit GC may be disabled)
     */
    record Snapshot(long heapUsed, long heapCommitted, long nonHeapCommitted, long buffers, long resident,
                    boolean collected) {
    }

    /**
     * Collects garbage, waits for the resident memory to settle (the collector gives freed heap
     * back to the system in the background, for up to a second after a full collection), then
     * measures.
     */
    static Snapshot settle() {
        long before = collections();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        boolean collected = collections() > before;
        long previous = resident();
        for (int stable = 0, waited = 0; previous >= 0 && stable < 2 && waited < 2000; waited += 100) {
            sleep(100);
            long now = resident();
            stable = Math.abs(now - previous) < (1 << 20) ? stable + 1 : 0;
            previous = now;
        }
        var memory = ManagementFactory.getMemoryMXBean();
        long buffers = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            buffers += Math.max(0, pool.getMemoryUsed());
        }
        return new Snapshot(memory.getHeapMemoryUsage().getUsed(), memory.getHeapMemoryUsage().getCommitted(),
                memory.getNonHeapMemoryUsage().getCommitted(), buffers, resident(), collected);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /** Resident anonymous memory in bytes, or -1. */
    static long resident() {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(STATUS);
            long anon = field(lines, "RssAnon:");
            return anon >= 0 ? anon : field(lines, "VmRSS:");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A "Name:   123 kB" line of /proc/self/status in bytes, or -1. */
    private static long field(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }

    /** Bytes as {@code 12.3 MB}. */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
