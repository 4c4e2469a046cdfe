package dev.jrnn.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one small parallel job on the calling thread and {@code cores - 1} daemon
 * workers. A recurrent step's products take a few hundred microseconds; handing half of one to a
 * parked thread (the common fork-join pool) costs tens of microseconds before it starts, so the
 * split products ran slower than one core. These workers instead spin for {@link #SPIN_MICROS}
 * after each job, which covers the gap to the next step's product, and park only when idle longer.
 *
 * <p>How an idle worker waits is chosen per job ({@link Wait}): spinning on the CPU's pause
 * instruction suits pure-Java work, where nothing else wants these cores; a job between the calls
 * of a native library that keeps threads of its own (OpenBLAS) asks its workers to wait by yielding
 * instead, because those threads yield-spin for their next call on the same cores, and a worker that
 * never yields would hold a core they need until the scheduler preempts it.
 *
 * <p>Parts are claimed from a shared counter, so a worker that is late (its core busy elsewhere)
 * claims nothing and the caller never waits for it: at worst the caller runs every part itself.
 * One job runs at a time; a call made while another is running (another thread, or from inside a
 * part) runs all its parts on its own thread.
 */
public final class Workers {
    /** System property: microseconds a worker spins for the next job before it parks. */
    public static final String SPIN_PROPERTY = "jrnn.workers.spinMicros";
    /** Default of {@value #SPIN_PROPERTY}: longer than the gate math between two steps' products. */
    public static final long SPIN_MICROS = 200;

    private static final long SPIN_NANOS = Long.getLong(SPIN_PROPERTY, SPIN_MICROS) * 1000;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static Thread[] workers;

    private Workers() {
    }

    /** The threads a job runs on: the caller and the workers (the number of cores). */
    public static int threads() {
        return THREADS;
    }

    /** How the workers wait for the next job once this one is done. */
    public enum Wait {
        /** Spin on the CPU's pause instruction: the quickest hand-off when nothing else needs the cores. */
        SPIN,
        /** Spin yielding the core to any other runnable thread (a native library's own workers). */
        YIELD
    }

    /**
     * Runs {@code part.accept(p)} for every {@code p} in {@code [0, parts)}, spread over the caller and
     * the workers, and returns when all are done; the workers then wait with {@link Wait#SPIN}. The
     * first exception a part throws is rethrown (unchecked ones as they are) after every part has
     * finished.
     */
    public static void run(int parts, IntConsumer part) {
        run(parts, Wait.SPIN, part);
    }

    /** {@link #run(int, IntConsumer)}, after which the workers wait for the next job as {@code wait} says. */
    public static void run(int parts, Wait wait, IntConsumer part) {
        if (parts <= 0) {
            return;
        }
        if (parts == 1 || THREADS < 2 || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        Job job = new Job(parts, wait, part);
        try {
            Thread[] threads = workers();
            // published before the unparks: a worker that parks after its unpark returns at once and re-checks
            current = job;
            for (Thread w : threads) {
                LockSupport.unpark(w);
            }
            job.work();
            job.awaitDone();
        } finally {
            current = null;
            BUSY.set(false);
        }
        job.rethrow();
    }

    private static synchronized Thread[] workers() {
        if (workers == null) {
            Thread[] started = new Thread[THREADS - 1];
            for (int i = 0; i < started.length; i++) {
                Thread t = new Thread(Workers::loop, "jrnn-worker-" + (i + 1));
                t.setDaemon(true);
                t.start();
                started[i] = t;
            }
            workers = started;
        }
        return workers;
    }

    private static void loop() {
        Job seen = null;
        long idleSince = System.nanoTime();
        while (true) {
            Job job = current;
            if (job != null && job != seen) {
                seen = job;
                job.work();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                if (seen != null && seen.wait == Wait.YIELD) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            } else {
                LockSupport.park(Workers.class);
                idleSince = System.nanoTime();
            }
        }
    }

    /** One call's parts, claimed from a counter by whichever thread comes. */
    private static final class Job {
        private final int parts;
        private final Wait wait;
        private final IntConsumer part;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int parts, Wait wait, IntConsumer part) {
            this.parts = parts;
            this.wait = wait;
            this.part = part;
        }

        void work() {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                try {
                    part.accept(p);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < parts; spins++) {
                if (spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
