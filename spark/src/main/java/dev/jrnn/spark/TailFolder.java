package dev.jrnn.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
    /** Whether the current tail was made for the current stretch of rows (its series' first in the map). */
    private boolean stretchIsWhole;
    /** Tails that may be sent now, before the map is full; only for tails that are sent. */
    private final boolean sendsEarly;
    private List<Tuple2<String, SeriesTail>> ready = new ArrayList<>();

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
        this.sendsEarly = flushBytes != Long.MAX_VALUE && spec.bounded();
    }

    /**
     * Makes the series {@code id} the current one. {@code id} may be a view of a buffer that is
     * reused: it is copied before it is kept.
     */
    void series(UTF8String id) {
        if (id.equals(lastId)) {
            return;
        }
        if (stretchIsWhole && tail.size() >= spec.capacity()) {
            sendNow();
        }
        // looked up by the view, copied once per series (not once per run: rows of series interleaved)
        Held held = tails.get(id);
        stretchIsWhole = sendsEarly && held == null;
        if (held == null) {
            held = new Held(id.copy(), new SeriesTail(spec, flushBytes != Long.MAX_VALUE));
            tails.put(held.id(), held);
            bytes += ENTRY_BYTES + id.numBytes() + held.tail().footprint();
        }
        lastId = held.id();
        tail = held.tail();
    }

    /** Moves the current series' tail, made of one stretch of rows that filled it, from the map to the ready ones. */
    private void sendNow() {
        tails.remove(lastId);
        bytes -= ENTRY_BYTES + lastId.numBytes() + tail.footprint();
        ready.add(new Tuple2<>(lastId.toString(), tail));
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

    /** Whether the tails should be sent now: some are {@linkplain #ready() ready}, or all take the flush bytes or more. */
    boolean full() {
        return !ready.isEmpty() || bytes >= flushBytes;
    }

    /** Whether some tails are ready to be sent before the others, their series' stretch of rows over. */
    boolean ready() {
        return !ready.isEmpty();
    }

    /** Whether the tails in the map take the flush bytes or more. */
    boolean overFlush() {
        return bytes >= flushBytes;
    }

    /** The tails {@linkplain #ready() ready} to be sent, leaving the map as it is. */
    Iterator<Tuple2<String, SeriesTail>> drainReady() {
        Iterator<Tuple2<String, SeriesTail>> out = ready.iterator();
        ready = new ArrayList<>();
        return out;
    }

    /**
     * The tails gathered so far, keyed by series, and a fresh start. Each tail is let go of as it is
     * handed out, so that a partition's tails that are forecast in place leave the heap batch by batch.
     */
    Iterator<Tuple2<String, SeriesTail>> drain() {
        Iterator<Tuple2<String, SeriesTail>> early = drainReady();
        Iterator<Map.Entry<UTF8String, Held>> entries = tails.entrySet().iterator();
        tails = new HashMap<>();
        bytes = 0;
        lastId = null;
        tail = null;
        stretchIsWhole = false;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return early.hasNext() || entries.hasNext();
            }

            @Override
            public Tuple2<String, SeriesTail> next() {
                if (early.hasNext()) {
                    return early.next();
                }
                Map.Entry<UTF8String, Held> e = entries.next();
                entries.remove();
                return new Tuple2<>(e.getKey().toString(), e.getValue().tail());
            }
        };
    }
}
