package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.Workers;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps of a recurrence, each cut into parts that run on the cores in lockstep: a part of step
 * t starts once every part of step t - 1 is done, because each reads the whole state the step before
 * wrote. One job of the {@link Workers} for the whole sequence, not one per step.
 *
 * <p>Parts are numbered {@code step * parts + part} and claimed in that order from one counter by the
 * caller and the workers, so a worker that comes late (its core busy elsewhere) only claims what is
 * left, and a thread only ever waits for parts that another thread has claimed and is running: at
 * worst the caller runs every part itself, and nothing waits on a thread that never came. A part
 * that throws stops the others; the first exception reaches the caller.
 */
final class Lockstep {
    /** Spins on the CPU's pause instruction before a waiting thread starts yielding its core. */
    private static final int SPINS = 1 << 16;

    /** One part of one step. */
    interface Part {
        void run(int step, int part);
    }

    private final int steps;
    private final int parts;
    private final Part body;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean failed;

    private Lockstep(int steps, int parts, Part body) {
        this.steps = steps;
        this.parts = parts;
        this.body = body;
    }

    /**
     * Runs {@code body.run(step, part)} for every step in {@code [0, steps)} and part in
     * {@code [0, parts)}, the parts of a step concurrently on the caller and {@code workers}, each step
     * after the one before; returns when all are done.
     */
    static void run(Workers workers, int steps, int parts, Part body) {
        if (parts == 1 || Workers.threads() < 2) {
            for (int t = 0; t < steps; t++) {
                for (int p = 0; p < parts; p++) {
                    body.run(t, p);
                }
            }
            return;
        }
        Lockstep job = new Lockstep(steps, parts, body);
        workers.run(Math.min(parts, Workers.threads()), ignored -> job.claim());
    }

    /**
     * Claims and runs parts in order until none is left. A part is claimed only once the step before it
     * is done, so a thread that loses its core while it waits holds no part back: the other threads
     * claim the step's parts themselves.
     */
    private void claim() {
        int total = steps * parts;
        for (int i = claimed.get(); i < total; i = claimed.get()) {
            int step = i / parts;
            if (!awaitDone(step * parts)) {
                return;
            }
            if (!claimed.compareAndSet(i, i + 1)) {
                continue;
            }
            try {
                body.run(step, i - step * parts);
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            } finally {
                done.incrementAndGet();
            }
        }
    }

    /** Waits until {@code count} parts are done; false when a part failed meanwhile. */
    private boolean awaitDone(int count) {
        for (int spins = 0; done.get() < count; spins++) {
            if (failed) {
                return false;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return !failed;
    }
}
