package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The map side of the cut: the rows of one input partition folded into one {@link SeriesTail} per
 * series in a plain hash map (cheaper per row than Spark's spillable combiner, since a tail is
 * bounded), so that each series sends at most one tail per partition through the shuffle. When the
 * tails take about {@value #FLUSH_BYTES} bytes (their observations and about 300 bytes per series of
 * objects) they are sent and the map starts again: a partition whose rows come from millions of
 * series, or from a few very long ones, never holds more, and the reduce side merges what was sent.
 * Rows are Spark's internal ones: the map is keyed by a copy of the id's UTF-8 bytes, made once per
 * series, and the rows that follow the first of a series in a partition (data laid out by series)
 * skip the lookup.
 */
final class MapSideTails implements PairFlatMapFunction<Iterator<InternalRow>, String, SeriesTail>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Heap the tails of one task may take before they are sent: 32 MiB. */
    static final long FLUSH_BYTES = 32L << 20;
    /** A series' hash map entry and id string, beyond its tail's own footprint. */
    private static final long ENTRY_BYTES = 140;

    private final ObservationReader reader;
    private final TailSpec spec;

    MapSideTails(ObservationReader reader, TailSpec spec) {
        this.reader = reader;
        this.spec = spec;
    }

    @Override
    public Iterator<Tuple2<String, SeriesTail>> call(Iterator<InternalRow> rows) {
        return new Iterator<>() {
            private final Map<UTF8String, SeriesTail> tails = new HashMap<>();
            private Iterator<Map.Entry<UTF8String, SeriesTail>> sending;

            @Override
            public boolean hasNext() {
                if (sending != null && sending.hasNext()) {
                    return true;
                }
                tails.clear();
                long bytes = 0;
                UTF8String lastId = null;
                SeriesTail tail = null;
                while (rows.hasNext() && bytes < FLUSH_BYTES) {
                    InternalRow row = rows.next();
                    UTF8String id = reader.series(row);
                    if (!id.equals(lastId)) {
                        tail = tails.get(id);
                        lastId = null;
                        if (tail == null) {
                            tail = new SeriesTail(spec);
                            lastId = id.clone();
                            tails.put(lastId, tail);
                            bytes += ENTRY_BYTES + id.numBytes() + tail.footprint();
                        }
                    }
                    long time = reader.time(row, id);
                    double value = reader.value(row, id, time);
                    long before = tail.footprint();
                    tail.add(time, value);
                    bytes += tail.footprint() - before;
                }
                List<Map.Entry<UTF8String, SeriesTail>> batch = new ArrayList<>(tails.entrySet());
                sending = batch.iterator();
                return sending.hasNext();
            }

            @Override
            public Tuple2<String, SeriesTail> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Map.Entry<UTF8String, SeriesTail> e = sending.next();
                return new Tuple2<>(e.getKey().toString(), e.getValue());
            }
        };
    }
}
