package dev.jrnn.conformance;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Memory leaks, measured without trusting the backend's own counter: a long loop of every kind of
 * op ({@link LeakLoop}) whose results are all closed must not grow the heap in use after a full
 * collection, the JDK's direct buffers, or the resident memory of the process outside the Java heap
 * beyond what the committed non-heap memory explains. A backend that keeps its storage after
 * {@code close()}, while its counter goes down, fails here. Device memory (a GPU's) is not seen. A
 * backend that keeps freed memory for reuse frees it in
 * {@link BackendCompatibilityKit#releaseCaches()}, called before each measurement.
 *
 * <p>The loop runs a warm-up and then two measured phases. The heap and direct buffers are exact
 * after a collection: growth over both phases beyond {@value #LEAK_SLACK_MB} MB or
 * {@value #LEAK_SHARE_PERCENT}% of the bytes made fails, so a leak in any one op shows. Resident
 * memory also moves with what the JIT compiler and the allocator keep, mostly early on: it fails only
 * when each phase grows it by more than {@value #RESIDENT_SHARE_PERCENT}% of the bytes that phase
 * made, which a backend that keeps all its native storage does.
 */
@Family(OpFamily.LEAKS)
public interface LeakSuite extends KitSuite {
    /** Bytes of results each measured phase makes (all closed again); the warm-up makes half. */
    long LEAK_PHASE_BYTES = 48L << 20;
    /**
     * Each phase stops after this many seconds, however little it made (the warm-up after half); a
     * phase ends as soon as it made its bytes, so only a slow or busy machine waits this long.
     */
    int LEAK_PHASE_SECONDS = 10;
    /** Heap or direct-buffer growth allowed: this many MB... */
    int LEAK_SLACK_MB = 2;
    /** ...or this share of the bytes made, whichever is larger. */
    int LEAK_SHARE_PERCENT = 2;
    /** Resident growth allowed in each phase, as a share of the bytes it made. */
    int RESIDENT_SHARE_PERCENT = 25;

    @Test
    @DisplayName("heap, direct buffers and resident memory stay flat over a long loop of ops whose results are closed")
    default void memoryStaysFlat(TestReporter report) {
        LeakLoop loop = new LeakLoop(subject(), oracle(), kit().dtypes());
        long phase = LEAK_PHASE_SECONDS * 1_000_000_000L;
        loop.run(LEAK_PHASE_BYTES / 2, System.nanoTime() + phase / 2);
        kit().releaseCaches();
        MemoryProbe.Snapshot s0 = MemoryProbe.settle();
        long made0 = loop.counted();
        loop.run(LEAK_PHASE_BYTES, System.nanoTime() + phase);
        kit().releaseCaches();
        MemoryProbe.Snapshot s1 = MemoryProbe.settle();
        long made1 = loop.counted() - made0;
        loop.run(LEAK_PHASE_BYTES, System.nanoTime() + phase);
        kit().releaseCaches();
        MemoryProbe.Snapshot s2 = MemoryProbe.settle();
        long made2 = loop.counted() - made0 - made1;
        long made = made1 + made2;

        long heap = s2.heapUsed() - s0.heapUsed();
        long buffers = s2.buffers() - s0.buffers();
        long resident1 = unexplainedResident(s0, s1);
        long resident2 = unexplainedResident(s1, s2);
        String measured = "two phases made " + MemoryProbe.mb(made1) + " and " + MemoryProbe.mb(made2)
                + " of results (by their shapes) and closed them all; heap in use grew by " + MemoryProbe.mb(heap)
                + ", direct buffers by " + MemoryProbe.mb(buffers)
                + (resident1 == Long.MIN_VALUE ? ", resident memory not measurable here"
                : ", resident memory " + (s2.heapExcluded() ? "outside the heap, beyond the committed non-heap,"
                : "beyond the committed heap and non-heap") + " by " + MemoryProbe.mb(resident1) + " and "
                + MemoryProbe.mb(resident2)) + "; the backend's own counter shows "
                + subject().memory().liveTensors() + " live tensors, " + MemoryProbe.mb(subject().memory().liveBytes());
        report.publishEntry("leak check", measured);
        Assumptions.assumeTrue(made1 >= LEAK_PHASE_BYTES / 12 && made2 >= LEAK_PHASE_BYTES / 12,
                () -> "inconclusive: the backend was too slow to make enough results in " + LEAK_PHASE_SECONDS
                        + " s a phase; "
                        + measured);
        long limit = Math.max(LEAK_SLACK_MB << 20, made * LEAK_SHARE_PERCENT / 100);
        if (s0.collected() && s2.collected() && heap > limit) {
            throw new AssertionError("the heap grew although every result was closed: " + measured);
        }
        if (buffers > limit) {
            throw new AssertionError("direct buffers grew although every result was closed: " + measured);
        }
        if (resident1 > made1 * RESIDENT_SHARE_PERCENT / 100 && resident2 > made2 * RESIDENT_SHARE_PERCENT / 100) {
            throw new AssertionError("resident memory grew in both phases although every result was closed (native"
                    + " storage kept?): " + measured);
        }
    }

    /**
     * Resident growth from {@code a} to {@code b} that the growth of the committed non-heap memory
     * (and of the committed heap, where the resident figure includes the heap) does not explain.
     */
    private static long unexplainedResident(MemoryProbe.Snapshot a, MemoryProbe.Snapshot b) {
        if (a.resident() < 0 || b.resident() < 0) {
            return Long.MIN_VALUE;
        }
        long heap = a.heapExcluded() && b.heapExcluded() ? 0 : Math.max(0, b.heapCommitted() - a.heapCommitted());
        return b.resident() - a.resident() - heap - Math.max(0, b.nonHeapCommitted() - a.nonHeapCommitted());
    }
}
