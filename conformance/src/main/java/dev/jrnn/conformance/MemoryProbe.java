package dev.jrnn.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Measures the process's memory from outside any backend: the heap in use after a full collection,
 * the committed heap and non-heap memory, the JDK's direct and mapped buffers, and the resident
 * anonymous memory outside the Java heap where the system says, which sees what native code
 * allocates.
 *
 * <p>The resident figure leaves the Java heap's address range out (the sum of {@code Anonymous} of
 * {@code /proc/self/smaps} over the other mappings): the collector commits and gives back heap
 * memory at will, hundreds of MB between two measurements, which would hide or fake a native leak.
 * Where the heap's range is unknown (a collector that does not print it) it is the whole resident
 * anonymous memory ({@code RssAnon}, else {@code VmRSS}, of {@code /proc/self/status}), and
 * {@link Snapshot#heapExcluded()} says so.
 */
final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final Pattern ADDRESS = Pattern.compile("0x([0-9a-fA-F]+)");
    /** The Java heap's reserved range [start, end), or null where the collector does not print it. */
    private static final long[] HEAP = heapRange();

    private MemoryProbe() {
    }

    /**
     * @param heapUsed         heap bytes in use after a full collection
     * @param heapCommitted    heap bytes committed
     * @param nonHeapCommitted non-heap bytes committed (metaspace, code cache)
     * @param buffers          bytes of the JDK's direct and mapped buffer pools
     * @param resident         resident anonymous bytes (outside the Java heap where {@code heapExcluded}),
     *                         or -1 where the system does not say
     * @param heapExcluded     whether {@code resident} leaves the Java heap out
     * @param collected        whether the full collection asked for ran (explicit GC may be disabled)
     */
    record Snapshot(long heapUsed, long heapCommitted, long nonHeapCommitted, long buffers, long resident,
                    boolean heapExcluded, boolean collected) {
    }

    /**
     * Collects garbage, waits for the resident memory to settle (the collector gives freed heap
     * back to the system in the background, for up to a second after a full collection), then
     * measures.
     */
    static Snapshot settle() {
        long before = collections();
        long heapUsed = settledHeap();
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
        return new Snapshot(heapUsed, memory.getHeapMemoryUsage().getCommitted(),
                memory.getNonHeapMemoryUsage().getCommitted(), buffers, resident(), HEAP != null && residentOutsideHeap() >= 0,
                collected);
    }

    /**
     * The heap in use after full collections, the least of up to five: what other threads (the
     * test runner's output, reference processing) hold for a moment at one collection is not a
     * leak, so collections repeat, a pause apart, until two agree within 256 KB.
     */
    private static long settledHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            boolean agrees = Math.abs(used - least) < (256 << 10);
            least = Math.min(least, used);
            if (agrees) {
                break;
            }
            sleep(50);
        }
        return least;
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

    /** Resident anonymous memory in bytes, outside the Java heap where its range is known, or -1. */
    static long resident() {
        if (HEAP != null) {
            long outside = residentOutsideHeap();
            if (outside >= 0) {
                return outside;
            }
        }
        return residentAnonymous();
    }

    /** The sum of {@code Anonymous} over the mappings of {@code /proc/self/smaps} outside the heap, or -1. */
    private static long residentOutsideHeap() {
        if (!Files.isReadable(SMAPS)) {
            return -1;
        }
        try (BufferedReader in = Files.newBufferedReader(SMAPS)) {
            long total = 0;
            boolean inHeap = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && isHex(line, 0, dash)) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                    inHeap = Long.compareUnsigned(start, HEAP[1]) < 0 && Long.compareUnsigned(end, HEAP[0]) > 0;
                } else if (!inHeap && line.startsWith("Anonymous:")) {
                    total += kilobytes(line.substring("Anonymous:".length()));
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return to > from;
    }

    /**
     * The heap's reserved range from the JVM's own {@code GC.heap_info} report: the lowest and the
     * highest address its generations print before the metaspace lines, or null.
     */
    private static long[] heapRange() {
        try {
            Object report = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {null}, new String[] {String[].class.getName()});
            long low = -1;
            long high = 0;
            for (String line : String.valueOf(report).split("\n")) {
                if (line.trim().startsWith("Metaspace")) {
                    break;
                }
                Matcher m = ADDRESS.matcher(line);
                while (m.find()) {
                    long address = Long.parseUnsignedLong(m.group(1), 16);
                    low = low < 0 || Long.compareUnsigned(address, low) < 0 ? address : low;
                    high = Long.compareUnsigned(address, high) > 0 ? address : high;
                }
            }
            return low >= 0 && Long.compareUnsigned(high, low) > 0 ? new long[] {low, high} : null;
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /** Resident anonymous memory of the whole process in bytes, or -1. */
    private static long residentAnonymous() {
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
                return kilobytes(line.substring(name.length()));
            }
        }
        return -1;
    }

    /** "   123 kB" in bytes. */
    private static long kilobytes(String field) {
        return Long.parseLong(field.trim().split("\\s+")[0]) * 1024;
    }

    /** Bytes as {@code 12.3 MB}. */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
