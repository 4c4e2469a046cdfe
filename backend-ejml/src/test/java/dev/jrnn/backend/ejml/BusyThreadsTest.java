package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrnn.kernels.Workers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BusyThreadsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** Runs {@code busy.noFreeCore()} on a thread of its own, which then ends; returns its answer. */
    private static boolean askFromAnotherThread(BusyThreads busy) throws InterruptedException {
        boolean[] answer = new boolean[1];
        Thread t = new Thread(() -> answer[0] = busy.noFreeCore());
        t.start();
        t.join();
        return answer[0];
    }

    @Test
    @DisplayName("one computing thread leaves a core free of two; a second one takes it")
    void countsThreadsAgainstCores() throws InterruptedException {
        BusyThreads busy = new BusyThreads(2, now::get);
        assertFalse(busy.noFreeCore(), "the caller alone");
        assertTrue(askFromAnotherThread(busy), "the caller and a second thread on two cores");
        assertTrue(busy.noFreeCore(), "the second thread asked within the window");
    }

    @Test
    @DisplayName("a thread silent for the window no longer counts")
    void threadsDropOutAfterTheWindow() throws InterruptedException {
        BusyThreads busy = new BusyThreads(2, now::get);
        askFromAnotherThread(busy);
        assertTrue(busy.noFreeCore(), "both asked just now");
        now.addAndGet(BusyThreads.WINDOW_NANOS);
        assertFalse(busy.noFreeCore(), "the other thread's last question is a window old");
    }

    @Test
    @DisplayName("a thread whose slot was forgotten after a long silence counts again when it asks")
    void forgottenThreadsCountAgain() throws InterruptedException {
        BusyThreads busy = new BusyThreads(2, now::get);
        busy.noFreeCore();
        now.addAndGet(BusyThreads.FORGET_NANOS + 1);
        assertFalse(askFromAnotherThread(busy), "the caller has been silent too long to count");
        assertTrue(busy.noFreeCore(), "the caller asks again, within the other thread's window");
    }

    @Test
    @DisplayName("with the cores taken, products, recurrences and gate loops run whole on the caller")
    void noSplitWhileTheCoresAreBusy() throws InterruptedException {
        assumeTrue(Workers.threads() >= 2, "needs two cores to split at all");
        BusyThreads busy = new BusyThreads(Workers.threads(), now::get);
        Parallel parallel = new Parallel(Workers.spinning(0), 0, 0, busy);
        for (int i = 1; i < Workers.threads(); i++) {
            askFromAnotherThread(busy);
        }
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.currentThread();
        parallel.split(64, 8, 1L << 30, (from, to) -> seen.add(part("split", from, to, caller)));
        parallel.perCore(64, 8, 1L << 30, rows -> true, (from, to) -> seen.add(part("perCore", from, to, caller)));
        parallel.rows(64, 128, (from, count) -> seen.add(part("rows", from, from + count, caller)));
        assertEquals(List.of("split 0-64 on the caller", "perCore 0-64 on the caller", "rows 0-64 on the caller"), seen);
    }

    private static String part(String what, int from, int to, Thread caller) {
        return what + " " + from + "-" + to + (Thread.currentThread() == caller ? " on the caller" : " on a worker");
    }

    @Test
    @DisplayName("a worker running a part is not counted: the caller alone keeps splitting")
    void partsDoNotCountTheirThreads() {
        assumeTrue(Workers.threads() >= 2, "needs two cores to split at all");
        BusyThreads busy = new BusyThreads(Workers.threads(), now::get);
        Parallel parallel = new Parallel(Workers.spinning(0), 0, 0, busy);
        List<int[]> outer = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            // each part asks again, as a product inside a block of a recurrence does
            parallel.perCore(64, 8, 1L << 30, rows -> true, (from, to) -> {
                outer.add(new int[] {from, to});
                parallel.split(64, 8, 1L << 30, (a, b) -> { });
            });
        }
        assertFalse(busy.noFreeCore(), "only the caller computes");
        assertTrue(outer.size() > 20, "the recurrences were split: " + outer.size() + " blocks in 20 calls");
    }
}
