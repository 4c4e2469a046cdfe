package dev.jrnn.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One series as the shuffle sees it: its last observations (at most {@link TailSpec#capacity()},
 * so a series of any length costs bounded memory and bytes, built on each map side before anything
 * is sent) and what its whole history says about scaling: the number of observations, whether all
 * are positive, and the moments of the values and of their logs. Tails of parts of a series merge
 * in any order. Times equal within the kept observations fail when the tail is {@link #finish}ed.
 */
final class SeriesTail implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final int capacity;
    private long count;
    private long notPositive;
    private Moments raw = new Moments();
    private Moments logs = new Moments();
    private transient long[] times;
    private transient double[] values;
    private transient int size;
    /** Whether {@code times[0, size)} ascend (rows of a series mostly arrive in order). */
    private transient boolean sorted = true;

    SeriesTail(TailSpec spec) {
        this.capacity = spec.capacity();
        this.times = new long[8];
        this.values = new double[8];
    }

    /** Observations held now (at most twice the capacity). */
    int size() {
        return size;
    }

    /**
     * Bytes this tail takes on the heap, roughly: its two arrays and about 160 bytes of objects
     * (the tail, its moments, the arrays' headers).
     */
    long footprint() {
        return 160 + 16L * times.length;
    }

    /** Adds one observation; returns this tail. */
    SeriesTail add(Observation o) {
        count++;
        double v = o.value();
        raw.add(v);
        if (v > 0) {
            logs.add(Math.log(v));
        } else {
            notPositive++;
        }
        append(o.time(), v);
        return this;
    }

    /** Adds every observation of {@code other} (another part of the same series); returns this tail. */
    SeriesTail merge(SeriesTail other) {
        count += other.count;
        notPositive += other.notPositive;
        raw.merge(other.raw);
        logs.merge(other.logs);
        if (sorted && other.sorted) {
            mergeSorted(other);
        } else {
            for (int i = 0; i < other.size; i++) {
                append(other.times[i], other.values[i]);
            }
        }
        return this;
    }

    /** Both in order: one linear merge, keeping the latest {@code capacity} (ties kept, see {@link #trim}). */
    private void mergeSorted(SeriesTail other) {
        int n = size + other.size;
        long[] t = new long[Math.max(8, n)];
        double[] v = new double[t.length];
        int a = 0;
        int b = 0;
        for (int o = 0; o < n; o++) {
            if (b >= other.size || (a < size && times[a] <= other.times[b])) {
                t[o] = times[a];
                v[o] = values[a++];
            } else {
                t[o] = other.times[b];
                v[o] = other.values[b++];
            }
        }
        times = t;
        values = v;
        size = n;
        if (capacity != Integer.MAX_VALUE && size > capacity) {
            trim();
        }
    }

    private void append(long time, double value) {
        if (size == times.length) {
            if (capacity != Integer.MAX_VALUE && size >= 2 * capacity) {
                trim();
            }
            if (size == times.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * times.length);
                times = Arrays.copyOf(times, grown);
                values = Arrays.copyOf(values, grown);
            }
        }
        if (size > 0 && time < times[size - 1]) {
            sorted = false;
        }
        times[size] = time;
        values[size++] = value;
    }

    /**
     * Sorts by time and drops all but the observations at or after the {@code capacity}-th latest
     * time (ties kept, so that a repeated time that is kept is kept twice and found).
     */
    private void trim() {
        sort();
        if (size > capacity) {
            long threshold = times[size - capacity];
            int from = size - capacity;
            while (from > 0 && times[from - 1] == threshold) {
                from--;
            }
            System.arraycopy(times, from, times, 0, size - from);
            System.arraycopy(values, from, values, 0, size - from);
            size -= from;
        }
    }

    private void sort() {
        if (!sorted) {
            ParallelSort.byKey(times, values, size);
            sorted = true;
        }
    }

    /**
     * The series as kept: sorted, checked for repeated times, cut to {@link TailSpec#kept} of its
     * length.
     *
     * @throws IllegalArgumentException naming the series and the repeated time
     */
    SeriesCut finish(String series, TimeKind kind, TailSpec spec) {
        return finish(series, kind, spec, 0);
    }

    /**
     * {@link #finish(String, TimeKind, TailSpec)} of the series without its last {@code holdout}
     * observations (which the cut then carries apart, for scoring): its facts are of the rest alone.
     */
    SeriesCut finish(String series, TimeKind kind, TailSpec spec, int holdout) {
        sort();
        for (int i = 1; i < size; i++) {
            if (times[i] == times[i - 1]) {
                throw new IllegalArgumentException("series " + series + " has two observations at "
                        + kind.show(times[i]) + " (values " + values[i - 1] + " and " + values[i]
                        + "); each time may appear once per series");
            }
        }
        int held = (int) Math.min(holdout, Math.min(count, size));
        long rest = count - held;
        long restNotPositive = notPositive;
        Moments restRaw = raw;
        Moments restLogs = logs;
        if (held > 0) {
            restRaw = copy(raw);
            restLogs = copy(logs);
            for (int i = size - held; i < size; i++) {
                restRaw.remove(values[i]);
                if (values[i] > 0) {
                    restLogs.remove(Math.log(values[i]));
                } else {
                    restNotPositive--;
                }
            }
        }
        boolean positive = restNotPositive == 0;
        int kept = spec.kept(rest);
        int to = size - held;
        int from = to - kept;
        return new SeriesCut(series, Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(values, from, to),
                new HistoryFacts(rest, positive, restRaw.mean(), restRaw.std(), positive ? restLogs.mean() : Double.NaN,
                        positive ? restLogs.std() : Double.NaN),
                Arrays.copyOfRange(values, to, size));
    }

    private static Moments copy(Moments m) {
        Moments c = new Moments();
        c.merge(m);
        return c;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        if (capacity != Integer.MAX_VALUE && size > capacity) {
            trim();
        }
        out.defaultWriteObject();
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(times[i]);
            out.writeDouble(values[i]);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        size = in.readInt();
        times = new long[Math.max(8, size)];
        values = new double[Math.max(8, size)];
        sorted = true;
        for (int i = 0; i < size; i++) {
            times[i] = in.readLong();
            values[i] = in.readDouble();
            sorted &= i == 0 || times[i - 1] <= times[i];
        }
    }
}
