package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private static final Workers WORKERS = Workers.spinning(CpuSettings.DEFAULT_SPIN_MICROS);

    @Test
    void runsEveryPartExactlyOnce() {
        for (int parts : new int[] {1, 2, 3, 4, 17}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);
            for (int round = 0; round < 200; round++) {
                WORKERS.run(parts, runs::incrementAndGet);
            }
            for (int p = 0; p < parts; p++) {
                assertEquals(200, runs.get(p), "part " + p + " of " + parts);
            }
        }
    }

    @Test
    void jobsWhoseWorkersYieldAlternateWithSpinningOnes() {
        // a worker that last ran a YIELD job waits differently; every job must still get all its parts
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        for (int round = 0; round < 300; round++) {
            Workers.Wait wait = round % 3 == 0 ? Workers.Wait.SPIN : Workers.Wait.YIELD;
            WORKERS.run(3, wait, runs::incrementAndGet);
            if (round % 50 == 0) {
                busyWork(2_000_000);
            }
        }
        for (int p = 0; p < 3; p++) {
            assertEquals(300, runs.get(p), "part " + p);
        }
    }

    @Test
    void returnsOnlyWhenEveryPartIsDone() {
        for (int round = 0; round < 100; round++) {
            AtomicLong finished = new AtomicLong();
            WORKERS.run(4, p -> {
                busyWork(20_000 * (p + 1));
                finished.incrementAndGet();
            });
            assertEquals(4, finished.get());
        }
    }

    @Test
    void rethrowsTheFirstFailureAfterAllPartsFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> WORKERS.run(4, p -> {
            runs.incrementAndGet(p);
            if (p == 2) {
                throw new IllegalArgumentException("part 2");
            }
        }));
        assertEquals("part 2", thrown.getMessage());
        for (int p = 0; p < 4; p++) {
            assertEquals(1, runs.get(p));
        }
        // the pool still works after a failure
        AtomicIntegerArray after = new AtomicIntegerArray(3);
        WORKERS.run(3, after::incrementAndGet);
        for (int p = 0; p < 3; p++) {
            assertEquals(1, after.get(p));
        }
    }

    @Test
    void aJobStartedFromInsideAPartRunsOnItsOwnThread() {
        AtomicIntegerArray inner = new AtomicIntegerArray(8);
        WORKERS.run(2, p -> {
            Thread caller = Thread.currentThread();
            WORKERS.run(4, q -> {
                assertSame(caller, Thread.currentThread());
                inner.incrementAndGet(p * 4 + q);
            });
        });
        for (int i = 0; i < 8; i++) {
            assertEquals(1, inner.get(i));
        }
    }

    @Test
    void concurrentCallersEachGetAllTheirParts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(4 * 6);
            Future<?>[] calls = new Future<?>[4];
            for (int c = 0; c < 4; c++) {
                int caller = c;
                calls[c] = pool.submit(() -> {
                    for (int round = 0; round < 300; round++) {
                        WORKERS.run(6, p -> runs.incrementAndGet(caller * 6 + p));
                    }
                });
            }
            for (Future<?> f : calls) {
                f.get();
            }
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(300, runs.get(i), "slot " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double busyWork(int n) {
        double x = 0;
        for (int i = 0; i < n; i++) {
            x += Math.sqrt(i);
        }
        return x;
    }
}
