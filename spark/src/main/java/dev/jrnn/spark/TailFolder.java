package dev.jrnn.spark;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The tails of one task's input, one per series, in a plain hash map keyed by the id's UTF-8 bytes
 * (cheaper per observation than Spark's spillable combiner, since a tail is bounded), with the heap
 * they take, so that the task sends them once they reach {@value #FLUSH_BYTES} bytes (their
 * observations and about 300 bytes per series of objects) and starts again: a partition whose rows
 * come from millions of series, or from a few very long ones, never holds more. Observations of the
 * series of the previous one (data laid out by series) skip the lookup.
 */
final class TailFolder {
    /** Heap the tails of one task may take before they are sent: 32 MiB. */
    static final long FLUSH_BYTES = 32L << 20;
    /** A series' hash map entry and id string, beyond its tail's own footprint. */
    private static final long ENTRY_BYTES = 140;

    private final TailSpec spec;
    private final long flushBytes;
    private Map<UTF8String, Held> tails = new HashMap<>();
    private long bytes;
    private UTF8String lastId;
    private SeriesTail tail;

    /** A series' own copy of its id, and its tail. */
    private record Held(UTF8String id, SeriesTail tail) {
    }

    /** Tails sent every {@value #FLUSH_BYTES} bytes. */
    TailFolder(TailSpec spec) {
        this(spec, FLUSH_BYTES);
    }

    /** Tails sent every {@code flushBytes} bytes; {@link Long#MAX_VALUE} once, when the input ends. */
    TailFolder(TailSpec spec, long flushBytes) {
        this.spec = spec;
        this.flushBytes = flushBytes;
    }

    /**
     * Makes the series {@code id} the current one. {@code id} may be a view of a buffer that is
     * reused: it is copied before it is kept.
     */
    void series(UTF8String id) {
        if (id.equals(lastId)) {
            return;
        }
        // looked up by the view, copied once per series (not once per run: rows of series interleaved)
        Held held = tails.get(id);
        if (held == null) {
            held = new Held(id.copy(), new SeriesTail(spec, flushBytes != Long.MAX_VALUE));
            tails.put(held.id(), held);
            bytes += ENTRY_BYTES + id.numBytes() + held.tail().footprint();
        }
        lastId = held.id();
        tail = held.tail();
    }

    /** The current series' id, valid until the next {@link #series}. */
    UTF8String current() {
        return lastId;
    }

    /** Adds an observation of the current series. */
    void add(long time, double value) {
        long before = tail.footprint();
        tail.add(time, value);
        bytes += tail.footprint() - before;
    }

    /** Adds the first {@code n} of {@code times} and {@code values} to the current series, in order. */
    void add(long[] times, double[] values, int n) {
        long before = tail.footprint();
        tail.add(times, values, n);
        bytes += tail.footprint() - before;
    }

    /** Whether the tails take the flush bytes or more and should be sent. */
    boolean full() {
        return bytes >= flushBytes;
    }

    /**
     * The tails gathered so far, keyed by series, and a fresh start. Each tail is let go of as it is
     * handed out, so that a partition's tails that are forecast in place leave the heap batch by batch.
     */
    Iterator<Tuple2<String, SeriesTail>> drain() {
        Iterator<Map.Entry<UTF8String, Held>> entries = tails.entrySet().iterator();
        tails = new HashMap<>();
        bytes = 0;
        lastId = null;
        tail = null;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Tuple2<String, SeriesTail> next() {
                Map.Entry<UTF8String, Held> e = entries.next();
                entries.remove();
                return new Tuple2<>(e.getKey().toString(), e.getValue().tail());
            }
        };
    }
}
