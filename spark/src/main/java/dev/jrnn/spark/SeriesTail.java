package dev.jrnn.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.spark.util.KnownSizeEstimation;

/**
 * One series as the shuffle sees it: its last observations (at most {@link TailSpec#capacity()},
 * so a series of any length costs bounded memory and bytes, built on each map side before anything
 * is sent) and what its whole history says about scaling: the number of observations, whether all
 * are positive, and the moments of the values and of their logs. Tails of parts of a series merge
 * in any order.
 *
 * <p>Repeated times are looked for in the whole series, not only among the observations kept: each
 * observation is compared with its neighbours in time before any is dropped (in a stream of rows in
 * time order, with the one before it, as it comes). A tail also knows the span of times it has seen
 * ({@code first} to {@code last}) and the time from which it still holds every observation it saw
 * ({@code heldFrom}). Two tails of one series can share a time only where their spans overlap; when
 * both still hold every observation there, merging them compares those, and otherwise the series'
 * times are marked not wholly compared ({@link #timesCompared()}). So the check is exact for series
 * whose rows come in time order within each input partition and whose partitions hold disjoint
 * stretches of time (as a table laid out by series is), and for series of at most the tail's
 * capacity in each partition; a repeated time found anywhere fails at {@link #finish}.
 */
final class SeriesTail implements Serializable, KnownSizeEstimation, KryoSerializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** A new tail's arrays, until its first observations come. */
    private static final long[] NO_TIMES = new long[0];
    private static final double[] NO_VALUES = new double[0];
    /** The values in the written form: eight bytes each, little-endian (the usual machine's order: no byte swaps). */
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    /** The written form's flag of times on a regular clock, written as the first and the step alone. */
    private static final int REGULAR = 8;
    // every field is written by writeObject, in one array of bytes
    private transient int capacity;
    /** Whether the moments of the values and their logs are gathered (only a STANDARD scaler needs them). */
    private transient boolean moments;
    private transient long count;
    private transient long notPositive;
    private transient Moments raw = new Moments();
    private transient Moments logs = new Moments();
    private transient long[] times;
    private transient double[] values;
    private transient int size;
    /** Whether {@code times[0, size)} ascend (rows of a series mostly arrive in order). */
    private transient boolean sorted = true;
    /** The earliest and the latest time seen. */
    private transient long first = Long.MAX_VALUE;
    private transient long last = Long.MIN_VALUE;
    /** Every observation seen at this time or later is held. */
    private transient long heldFrom = Long.MIN_VALUE;
    /** Whether every observation seen was compared with its neighbours in time. */
    private transient boolean compared = true;
    /** The first repeated time found, and its two values. */
    private transient boolean repeated;
    private transient long repeatedTime;
    private transient double repeatedA;
    private transient double repeatedB;
    /** Whether a first run on a regular clock is kept as its written form (a tail the map side sends). */
    private final transient boolean sent;
    /**
     * The observations in their written form while they are not needed as arrays (null once they are
     * decoded into {@code times} and {@code values}): a tail read from the shuffle (then with the facts
     * before them), or a first run on a regular clock that the map side will send. They take about half
     * the heap of the arrays; a reduce side decodes a tail that is forecast alone (most are) straight
     * into its cut, and a map side's tail that no later run changes is written as it is.
     */
    private transient byte[] written;
    /** Where the observations start in {@code written}; the values' position, and the regular clock, if any. */
    private transient int timesAt;
    private transient int valuesAt;
    private transient boolean regular;
    private transient long regularFirst;
    private transient long regularStep;

    SeriesTail(TailSpec spec) {
        this(spec, false);
    }

    /**
     * @param sent the tail will be written for the shuffle: a first run on a regular clock is kept as
     *             its written form
     */
    SeriesTail(TailSpec spec, boolean sent) {
        this.sent = sent;
        this.capacity = spec.capacity();
        this.moments = spec.moments();
        this.times = NO_TIMES;
        this.values = NO_VALUES;
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
        return written != null ? 176 + written.length : 160 + 16L * times.length;
    }

    /**
     * {@link #footprint()}, for Spark's estimate of the memory its shuffle's reduce side holds (which
     * otherwise walks each sampled tail's fields by reflection).
     */
    @Override
    public long estimatedSize() {
        return footprint();
    }

    /** Adds the observation {@code value} at {@code time} (a {@link TimeKind#key}); returns this tail. */
    SeriesTail add(long time, double value) {
        decode();
        count++;
        observe(value);
        if (time < heldFrom && time >= first) {
            compared = false;
        }
        first = Math.min(first, time);
        last = Math.max(last, time);
        append(time, value);
        return this;
    }

    /**
     * Adds the first {@code n} observations of {@code times} and {@code values} in order, as {@code n}
     * calls of {@link #add(long, double)} would, its arrays grown once for them instead of doubled as
     * they come; returns this tail.
     */
    SeriesTail add(long[] times, double[] values, int n) {
        decode();
        if (count == 0 && n > 0 && strictlyAscending(times, n)) {
            return firstRun(times, values, n);
        }
        reserve(n);
        for (int k = 0; k < n; k++) {
            add(times[k], values[k]);
        }
        return this;
    }

    /**
     * The first observations of a new tail, in strictly ascending time: their facts gathered as
     * {@link #add(long, double)} gathers them, but only the latest {@link TailSpec#capacity()} of them
     * copied in (all of them for whole series), held from the earliest of those. The written form is
     * the one that adding them one by one gives (it is trimmed to the capacity); the tail holds less
     * until then, so that a partition's tails take about half the heap.
     */
    private SeriesTail firstRun(long[] t, double[] v, int n) {
        count = n;
        for (int k = 0; k < n; k++) {
            observe(v[k]);
        }
        first = t[0];
        last = t[n - 1];
        int from = capacity == Integer.MAX_VALUE ? 0 : Math.max(0, n - capacity);
        if (from > 0) {
            heldFrom = t[from];
        }
        size = n - from;
        if (sent && size >= 2 && regularClock(t, from, n)) {
            written(t, v, from, n);
        } else {
            times = Arrays.copyOfRange(t, from, n);
            values = Arrays.copyOfRange(v, from, n);
        }
        return this;
    }

    /** Keeps observations {@code [from, n)}, on a regular clock, as their written form only. */
    private void written(long[] t, double[] v, int from, int n) {
        regular = true;
        regularFirst = t[from];
        regularStep = t[from + 1] - t[from];
        byte[] clock = new byte[20];
        int c = putVarLong(clock, putVarLong(clock, 0, zigzag(regularFirst)), zigzag(regularStep));
        byte[] a = Arrays.copyOf(clock, c + 8 * (n - from));
        for (int i = from, p = c; i < n; i++, p += 8) {
            DOUBLES.set(a, p, v[i]);
        }
        written = a;
        timesAt = 0;
        valuesAt = c;
        times = null;
        values = null;
    }

    /** The value's share of the facts: the sign count and, where the scaling needs them, the moments. */
    private void observe(double value) {
        if (value <= 0) {
            notPositive++;
        }
        if (moments) {
            raw.add(value);
            if (value > 0) {
                logs.add(Math.log(value));
            }
        }
    }

    private static boolean strictlyAscending(long[] t, int n) {
        for (int k = 1; k < n; k++) {
            if (t[k] <= t[k - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Grows the arrays to hold {@code n} more observations, up to twice the capacity of a bounded tail
     * (where {@link #append} trims instead), so that the trims fall where they would without it; at
     * least doubled, so that a series whose rows come a few at a time (rows of many series
     * interleaved) copies its arrays a few times, not once a run.
     */
    private void reserve(int n) {
        long limit = capacity != Integer.MAX_VALUE ? 2L * capacity : Integer.MAX_VALUE - 8;
        long wanted = Math.min(size + (long) n, limit);
        if (wanted > times.length) {
            int grown = (int) Math.min(limit, Math.max(wanted, 2L * times.length));
            times = Arrays.copyOf(times, grown);
            values = Arrays.copyOf(values, grown);
        }
    }

    /**
     * Whether every observation of the series seen so far was compared with its neighbours in time,
     * so that no repeated time can have gone unseen.
     */
    boolean timesCompared() {
        return compared;
    }

    /** Adds every observation of {@code other} (another part of the same series); returns this tail. */
    SeriesTail merge(SeriesTail other) {
        decode();
        other.decode();
        long overlapFrom = Math.max(first, other.first);
        long overlapTo = Math.min(last, other.last);
        compared &= other.compared && (overlapFrom > overlapTo
                || overlapFrom >= Math.max(heldFrom, other.heldFrom));
        if (!repeated && other.repeated) {
            repeatedAt(other.repeatedTime, other.repeatedA, other.repeatedB);
        }
        first = Math.min(first, other.first);
        last = Math.max(last, other.last);
        heldFrom = Math.max(heldFrom, other.heldFrom);
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
        findRepeated();
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
                long doubled = Math.max(8, 2L * times.length);
                if (capacity != Integer.MAX_VALUE) {
                    // twice the capacity is all a bounded tail holds before it trims
                    doubled = Math.min(doubled, Math.max(2L * capacity, size + 1L));
                }
                int grown = (int) Math.min(Integer.MAX_VALUE - 8, doubled);
                times = Arrays.copyOf(times, grown);
                values = Arrays.copyOf(values, grown);
            }
        }
        if (size > 0 && time <= times[size - 1]) {
            if (time == times[size - 1]) {
                repeatedAt(time, values[size - 1], value);
            } else {
                sorted = false;
            }
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
            heldFrom = Math.max(heldFrom, threshold);
            System.arraycopy(times, from, times, 0, size - from);
            System.arraycopy(values, from, values, 0, size - from);
            size -= from;
        }
    }

    /** Sorts by time; observations that came out of order are then compared with their new neighbours. */
    private void sort() {
        if (!sorted) {
            ParallelSort.byKey(times, values, size);
            sorted = true;
            findRepeated();
        }
    }

    /** Records the first time held twice, the observations being in time order. */
    private void findRepeated() {
        for (int i = 1; i < size && !repeated; i++) {
            if (times[i] == times[i - 1]) {
                repeatedAt(times[i], values[i - 1], values[i]);
            }
        }
    }

    private void repeatedAt(long time, double a, double b) {
        if (!repeated) {
            repeated = true;
            repeatedTime = time;
            repeatedA = a;
            repeatedB = b;
        }
    }

    /**
     * The series as kept: sorted, checked for repeated times (among all observations compared, see
     * {@link #timesCompared()}), cut to {@link TailSpec#kept} of its length.
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
        if (!(written != null && regular && regularStep > 0)) { // a written regular clock is in order already
            decode();
            sort();
        }
        if (repeated) {
            throw new IllegalArgumentException("series " + series + " has two observations at "
                    + kind.show(repeatedTime) + " (values " + repeatedA + " and " + repeatedB
                    + "); each time may appear once per series");
        }
        int held = (int) Math.min(holdout, Math.min(count, size));
        long rest = count - held;
        long restNotPositive = notPositive;
        Moments restRaw = raw;
        Moments restLogs = logs;
        int to = size - held;
        double[] heldValues = values(to, size);
        if (held > 0) {
            restRaw = copy(raw);
            restLogs = copy(logs);
            for (double v : heldValues) {
                restRaw.remove(v);
                if (v > 0) {
                    restLogs.remove(moments ? Math.log(v) : 0);
                } else {
                    restNotPositive--;
                }
            }
        }
        boolean positive = restNotPositive == 0;
        int from = to - spec.kept(rest);
        return new SeriesCut(series, times(from, to), values(from, to),
                moments ? new HistoryFacts(rest, positive, restRaw.mean(), restRaw.std(),
                        positive ? restLogs.mean() : Double.NaN, positive ? restLogs.std() : Double.NaN)
                        : new HistoryFacts(rest, positive, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                heldValues);
    }

    /** The times of observations {@code [from, to)}, from the arrays or from a written regular clock. */
    private long[] times(int from, int to) {
        if (written == null) {
            return Arrays.copyOfRange(times, from, to);
        }
        long[] t = new long[to - from];
        for (int i = 0; i < t.length; i++) {
            t[i] = regularFirst + (from + i) * regularStep;
        }
        return t;
    }

    /** The values of observations {@code [from, to)}, from the arrays or from the written form. */
    private double[] values(int from, int to) {
        if (written == null) {
            return Arrays.copyOfRange(values, from, to);
        }
        double[] v = new double[to - from];
        for (int i = 0, p = valuesAt + 8 * from; i < v.length; i++, p += 8) {
            v[i] = (double) DOUBLES.get(written, p);
        }
        return v;
    }

    private static Moments copy(Moments m) {
        Moments c = new Moments();
        c.merge(m);
        return c;
    }

    /**
     * Written as one array of bytes: the facts, then the times (on a regular clock the first and the
     * step; otherwise the differences from the one before, as zigzag varints: a byte or two each
     * instead of eight), then the values (eight bytes each, little-endian); the tail trimmed to its
     * capacity first.
     */
    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        write(out);
    }

    /** Writes the written form ({@link #writeObject}): its length, then its bytes. */
    void write(DataOutput out) throws IOException {
        byte[] a = new byte[writtenBound()];
        int n = writeTo(a);
        out.writeInt(n);
        out.write(a, 0, n);
    }

    /**
     * The most bytes {@link #writeTo} writes, the tail trimmed to its capacity first (the written form
     * holds no more).
     */
    int writtenBound() {
        if (written != null) {
            return HEADER_BYTES + written.length - timesAt;
        }
        if (capacity != Integer.MAX_VALUE && size > capacity) {
            trim();
        }
        return HEADER_BYTES + 18 * size;
    }

    /**
     * Writes the written form into {@code a}, which holds at least {@link #writtenBound()} bytes, so
     * that a writer of many tails reuses one array; returns its length. The times are written as the
     * first and the step when every step between them is the same (a regular clock: a few bytes for
     * the whole tail), otherwise as differences from the one before.
     */
    int writeTo(byte[] a) {
        if (written == null && capacity != Integer.MAX_VALUE && size > capacity) {
            trim();
        }
        boolean clock = written != null ? regular : regularClock(times, 0, size);
        ByteBuffer b = ByteBuffer.wrap(a);
        b.putInt(capacity).putLong(count).putLong(notPositive);
        raw.write(b);
        logs.write(b);
        b.putLong(first).putLong(last).putLong(heldFrom);
        b.put((byte) ((compared ? 1 : 0) | (repeated ? 2 : 0) | (moments ? 4 : 0) | (clock ? REGULAR : 0)));
        b.putLong(repeatedTime).putDouble(repeatedA).putDouble(repeatedB);
        b.putInt(size);
        int p = b.position();
        if (written != null) { // the observations' written form as it is
            System.arraycopy(written, timesAt, a, p, written.length - timesAt);
            return p + written.length - timesAt;
        }
        if (clock) {
            p = putVarLong(a, p, zigzag(times[0]));
            p = putVarLong(a, p, zigzag(times[1] - times[0]));
        } else {
            long previous = 0;
            for (int i = 0; i < size; i++) {
                p = putVarLong(a, p, zigzag(times[i] - previous));
                previous = times[i];
            }
        }
        for (int i = 0; i < size; i++, p += 8) {
            DOUBLES.set(a, p, values[i]);
        }
        return p;
    }

    /** Whether {@code t[from, n)} are two times or more, each the same step after the one before. */
    private static boolean regularClock(long[] t, int from, int n) {
        if (n - from < 2) {
            return false;
        }
        long step = t[from + 1] - t[from];
        for (int i = from + 2; i < n; i++) {
            if (t[i] - t[i - 1] != step) {
                return false;
            }
        }
        return true;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException {
        readFrom(in);
    }

    /**
     * The written form under Kryo too (a session's {@code KryoSerializer}, as Spark uses it where a
     * shuffle's reduce side spills its map of tails): Kryo's field serializer would skip the fields,
     * every one of them transient.
     */
    @Override
    public void write(Kryo kryo, Output output) {
        try {
            write(new DataOutputStream(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void read(Kryo kryo, Input input) {
        try {
            readFrom(new DataInputStream(input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tail read from its written form ({@link #write}). */
    static SeriesTail read(DataInput in) throws IOException {
        SeriesTail t = new SeriesTail(new TailSpec(1, 1, false), false);
        t.readFrom(in);
        return t;
    }

    /**
     * Reads the written form's facts; the observations stay in their bytes until they are needed
     * ({@link #decode}).
     */
    private void readFrom(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        capacity = b.getInt();
        count = b.getLong();
        notPositive = b.getLong();
        raw = Moments.read(b);
        logs = Moments.read(b);
        first = b.getLong();
        last = b.getLong();
        heldFrom = b.getLong();
        byte flags = b.get();
        compared = (flags & 1) != 0;
        repeated = (flags & 2) != 0;
        moments = (flags & 4) != 0;
        regular = (flags & REGULAR) != 0;
        repeatedTime = b.getLong();
        repeatedA = b.getDouble();
        repeatedB = b.getDouble();
        size = b.getInt();
        timesAt = b.position();
        int p = timesAt;
        if (regular) {
            long[] at = {p};
            regularFirst = unzigzag(getVarLong(bytes, at));
            regularStep = unzigzag(getVarLong(bytes, at));
            p = (int) at[0];
        } else {
            for (int i = 0; i < size; i++) {
                while (bytes[p++] < 0) {
                    // the varint's continuation bytes
                }
            }
        }
        valuesAt = p;
        written = bytes;
        times = null;
        values = null;
        sorted = true;
    }

    /** The observations of a tail read from its written form, into arrays of their own (nothing, for any other). */
    private void decode() {
        if (written == null) {
            return;
        }
        times = new long[size];
        values = new double[size];
        long[] at = {timesAt};
        long previous = 0;
        for (int i = 0; i < size; i++) {
            times[i] = regular ? regularFirst + i * regularStep : previous + unzigzag(getVarLong(written, at));
            previous = times[i];
            sorted &= i == 0 || times[i - 1] <= times[i];
        }
        for (int i = 0, p = valuesAt; i < size; i++, p += 8) {
            values[i] = (double) DOUBLES.get(written, p);
        }
        written = null;
    }

    /** The varint at {@code a[at[0]]} ({@link #putVarLong}); {@code at[0]} moved past it. */
    private static long getVarLong(byte[] a, long[] at) {
        int p = (int) at[0];
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = a[p++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                at[0] = p;
                return v;
            }
        }
    }

    /** The fixed part of the written form: 4 + 8 + 8 + 2 * 24 + 3 * 8 + 1 + 3 * 8 + 4 bytes. */
    private static final int HEADER_BYTES = 121;

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * Writes {@code v} at {@code a[p]} seven bits a byte, the low ones first, the high bit set on all
     * but the last (at most ten bytes); returns the position after it.
     */
    private static int putVarLong(byte[] a, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            a[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }
}
