package dev.jrnn.api.autograd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets one model serve inference from many threads while its weights are replaced: a forward pass
 * holds a read {@link Lease} on its model's guard, under which every parameter's value stays the
 * same tensor and open; a replacement ({@link Parameter#set}, {@link Parameter#setAll}, so
 * {@code StateDict.load} and optimizer steps) swaps the values under the write lock, once no
 * lease is held, and closes the old values after. A pass therefore reads one complete weight set,
 * the old or the new, never a mix and never a freed tensor, on every backend.
 *
 * <p>Every {@link Parameter} starts with a guard of its own; {@link #share} merges the guards of
 * the parameters of one model into one, so that a lease covers the whole model and a replacement
 * of all its parameters is one atomic swap. {@code RecurrentLayer} shares its cells' parameters
 * (third-party cells included) and composite models share theirs with their layers' (a merged
 * guard covers every parameter merged into it before, however it was reached):
 *
 * <pre>{@code
 * this.guard = WeightGuard.share(parameters());            // in the model's constructor
 *
 * public Variable forward(Variable x) {
 *     try (WeightGuard.Lease weights = guard.read()) {   // one uncontended read lock per pass
 *         ...                                             // layers inside re-enter it
 *     }
 * }
 * }</pre>
 *
 * <p>Rules: leases nest (re-entrantly) and belong to the thread that took them; close them on
 * that thread. A thread that holds a lease on a guard cannot replace weights under it (that would
 * wait for itself): {@link Parameter#set} and {@link #share} then throw
 * {@link IllegalStateException}. A replacement waits for the leases held when it starts, and new
 * leases wait for it, so a writer is not starved; the swap itself only exchanges references.
 * Tensors read from a parameter are valid while the lease they were read under is held: a
 * training step holds one from forward through backward (the graph refers to the values).
 * Share guards before the model is used from several threads.
 */
public final class WeightGuard {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Comparator<WeightGuard> BY_ID = Comparator.comparingLong(g -> g.id);

    private final long id = IDS.incrementAndGet();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The guard this one was merged into; null while this one is a root. Set under both write locks. */
    private volatile WeightGuard mergedInto;

    WeightGuard() {
    }

    /**
     * Merges the guards of {@code parameters} into one and returns it: from then on a lease on it
     * (or on any parameter's guard among them) covers them all. Call it when a model is built,
     * before it is shared between threads.
     *
     * @throws IllegalArgumentException if {@code parameters} is empty
     * @throws IllegalStateException    if this thread holds a lease on one of the guards
     */
    public static WeightGuard share(Iterable<? extends Parameter> parameters) {
        WeightGuard shared = null;
        for (Parameter p : parameters) {
            if (shared == null) {
                shared = p.guard();
            } else {
                merge(shared, p.guard());
            }
        }
        if (shared == null) {
            throw new IllegalArgumentException("WeightGuard.share: no parameters to share a guard");
        }
        return shared;
    }

    /**
     * A read lease on this guard: until it is closed, no parameter under the guard changes value
     * and no value is closed. Cheap when uncontended (one read lock); re-entrant.
     */
    public Lease read() {
        return new Lease(new WeightGuard[] {lockRead()});
    }

    /**
     * A read lease on the guards of all {@code parameters}, for code that reads parameters of
     * several models (or of a model whose guards were not shared): the guards are locked in one
     * global order. One model's parameters, shared, take one lock.
     */
    public static Lease read(Iterable<? extends Parameter> parameters) {
        List<WeightGuard> roots = roots(parameters);
        WeightGuard[] held = new WeightGuard[roots.size()];
        int n = 0;
        try {
            for (WeightGuard g : roots) {
                held[n] = g.lockRead();
                n++;
            }
        } catch (RuntimeException | Error e) {
            for (int i = n - 1; i >= 0; i--) {
                held[i].lock.readLock().unlock();
            }
            throw e;
        }
        return new Lease(held);
    }

    /** Whether {@code parameter} is under this guard (the two were shared). */
    public boolean covers(Parameter parameter) {
        return parameter.guard().root() == root();
    }

    /** Whether the current thread holds a lease on this guard. */
    public boolean isReadByCurrentThread() {
        return root().lock.getReadHoldCount() > 0;
    }

    /** The guard this one resolves to: itself unless merged into another. */
    WeightGuard root() {
        WeightGuard g = this;
        for (WeightGuard next = g.mergedInto; next != null; next = g.mergedInto) {
            g = next;
        }
        return g;
    }

    /** Read-locks the current root and returns it; retries if a merge moved the root meanwhile. */
    private WeightGuard lockRead() {
        while (true) {
            WeightGuard r = root();
            r.lock.readLock().lock();
            if (r.mergedInto == null) {
                return r;
            }
            r.lock.readLock().unlock();
        }
    }

    /** Write-locks the current root and returns it; throws where this thread holds a lease on it. */
    WeightGuard lockWrite(String what) {
        while (true) {
            WeightGuard r = root();
            if (r.lock.getReadHoldCount() > 0) {
                throw new IllegalStateException(what + ": this thread holds a WeightGuard lease on these weights"
                        + " (a forward pass or a training step in progress); replace weights after closing it");
            }
            r.lock.writeLock().lock();
            if (r.mergedInto == null) {
                return r;
            }
            r.lock.writeLock().unlock();
        }
    }

    void unlockWrite() {
        lock.writeLock().unlock();
    }

    private static void merge(WeightGuard into, WeightGuard other) {
        while (true) {
            WeightGuard a = into.root();
            WeightGuard b = other.root();
            if (a == b) {
                return;
            }
            WeightGuard first = a.id < b.id ? a : b;
            WeightGuard second = first == a ? b : a;
            WeightGuard lockedFirst = first.lockWrite("WeightGuard.share");
            try {
                WeightGuard lockedSecond = second.lockWrite("WeightGuard.share");
                try {
                    if (lockedFirst == first && lockedSecond == second) {
                        b.mergedInto = a;
                        return;
                    }
                } finally {
                    lockedSecond.unlockWrite();
                }
            } finally {
                lockedFirst.unlockWrite();
            }
        }
    }

    /** The distinct roots of the parameters' guards, in the global locking order. */
    private static List<WeightGuard> roots(Iterable<? extends Parameter> parameters) {
        Map<WeightGuard, Boolean> seen = new IdentityHashMap<>();
        List<WeightGuard> roots = new ArrayList<>(1);
        for (Parameter p : parameters) {
            WeightGuard r = p.guard().root();
            if (seen.put(r, Boolean.TRUE) == null) {
                roots.add(r);
            }
        }
        roots.sort(BY_ID);
        return roots;
    }

    @Override
    public String toString() {
        WeightGuard r = root();
        return "WeightGuard#" + r.id + (r.lock.isWriteLocked() ? " (being replaced)" : " (" + r.lock.getReadLockCount()
                + " leases)");
    }

    /**
     * A held read lease; closing it (once, on the thread that took it) releases it. While it is
     * open the guarded parameters keep their values.
     */
    public static final class Lease implements AutoCloseable {
        private final WeightGuard[] held;
        private boolean closed;

        private Lease(WeightGuard[] held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = held.length - 1; i >= 0; i--) {
                held[i].lock.readLock().unlock();
            }
        }
    }
}
