package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Workers;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The threads that are computing through the EJML kernels now, process-wide (as the workers are): a
 * thread that asked whether to split work over the cores ({@link #noFreeCore}) within the last
 * {@link #WINDOW_NANOS} counts as keeping a core busy. Where as many threads as there are cores are
 * busy (an ensemble's members trained one per core, an executor's tasks), a split would hand part of
 * the work to a worker that competes with another busy thread for a core, spins between jobs and
 * keeps its caller waiting when it is preempted: the work then runs on the caller alone. A thread
 * that stops computing drops out after the window, so that the last one splits again.
 */
final class BusyThreads {
    /** How long a thread counts as busy after its last question: several training steps of a small model. */
    static final long WINDOW_NANOS = 50_000_000L;
    /** How long a silent thread's slot is kept before it is forgotten (its thread may have ended). */
    static final long FORGET_NANOS = 1_000_000_000L;

    /** The threads of this process, counted against its cores (the workers' threads). */
    static final BusyThreads PROCESS = new BusyThreads(Workers.threads(), System::nanoTime);

    private final int cores;
    private final LongSupplier clock;
    private final ConcurrentLinkedQueue<Slot> slots = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Slot> own = ThreadLocal.withInitial(this::register);

    /** Busy threads counted against {@code cores} cores, their times read from {@code clock} (nanoseconds). */
    BusyThreads(int cores, LongSupplier clock) {
        this.cores = cores;
        this.clock = clock;
    }

    /** Per thread: when it last asked. */
    private static final class Slot {
        volatile long seen;
        volatile boolean forgotten;
    }

    private Slot register() {
        Slot s = new Slot();
        slots.add(s);
        return s;
    }

    /**
     * Marks the calling thread busy now and returns whether, counting it, at least as many threads as
     * there are cores are busy: no core is free for a worker to take part of the caller's work.
     */
    boolean noFreeCore() {
        long now = clock.getAsLong();
        Slot mine = own.get();
        if (mine.forgotten) {
            mine = register();
            own.set(mine);
        }
        mine.seen = now;
        int busy = 0;
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            Slot s = it.next();
            long age = now - s.seen;
            if (age < WINDOW_NANOS) {
                busy++;
            } else if (age > FORGET_NANOS) {
                s.forgotten = true;
                it.remove();
            }
        }
        return busy >= cores;
    }
}
