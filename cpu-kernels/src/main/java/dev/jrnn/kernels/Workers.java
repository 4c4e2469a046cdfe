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
 * split products ran slower than one core. These workers instead spin after each job, for the
 * time the job's caller asks ({@link CpuSettings#spinMicros()}), which covers the gap to the next
 * step's product, and park only when idle longer.
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
 * part) runs all its parts on its own thread. The threads are the JVM's; an instance is a handle
 * that gives its jobs one spin time ({@link #spinning}).
 */
public final class Workers {
    private static final long DEFAULT_SPIN_NANOS = CpuSettings.DEFAULT_SPIN_MICROS * 1000;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static Thread[] workers;

    private final long spinNanos;

    private Workers(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** A handle on the workers whose jobs then keep them spinning for {@code spinMicros} before they park. */
    public static Workers spinning(long spinMicros) {
        return new Workers(spinMicros * 1000);
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
    public void run(int parts, IntConsumer part) {
        run(parts, Wait.SPIN, part);
    }

    /** {@link #run(int, IntConsumer)}, after which the workers wait for the next job as {@code wait} says. */
    public void run(int parts, Wait wait, IntConsumer part) {
        if (parts <= 0) {
            return;
        }
        if (parts == 1 || THREADS < 2 || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        Job job = new Job(parts, wait, spinNanos, part);
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
            } else if (System.nanoTime() - idleSince < (seen == null ? DEFAULT_SPIN_NANOS : seen.spinNanos)) {
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
        private final long spinNanos;
        private final IntConsumer part;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int parts, Wait wait, long spinNanos, IntConsumer part) {
            this.parts = parts;
            this.wait = wait;
            this.spinNanos = spinNanos;
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
