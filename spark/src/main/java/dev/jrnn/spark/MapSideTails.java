package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The map side of the cut: the rows of one input partition folded into one {@link SeriesTail} per
 * series in a plain hash map (cheaper per row than Spark's spillable combiner, since a tail is
 * bounded), so that each series sends at most one tail per partition through the shuffle. When the
 * tails take about {@value #FLUSH_BYTES} bytes (their observations and about 300 bytes per series of
 * objects) they are sent and the map starts again: a partition whose rows come from millions of
 * series, or from a few very long ones, never holds more, and the reduce side merges what was sent.
 */
final class MapSideTails implements PairFlatMapFunction<Iterator<Row>, String, SeriesTail>, Serializable {
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
    public Iterator<Tuple2<String, SeriesTail>> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private final Map<String, SeriesTail> tails = new HashMap<>();
            private Iterator<Map.Entry<String, SeriesTail>> sending;

            @Override
            public boolean hasNext() {
                if (sending != null && sending.hasNext()) {
                    return true;
                }
                tails.clear();
                long bytes = 0;
                while (rows.hasNext() && bytes < FLUSH_BYTES) {
                    Tuple2<String, Observation> o = reader.call(rows.next());
                    SeriesTail tail = tails.get(o._1());
                    if (tail == null) {
                        tail = new SeriesTail(spec);
                        tails.put(o._1(), tail);
                        bytes += ENTRY_BYTES + tail.footprint();
                    }
                    long before = tail.footprint();
                    tail.add(o._2());
                    bytes += tail.footprint() - before;
                }
                List<Map.Entry<String, SeriesTail>> batch = new ArrayList<>(tails.entrySet());
                sending = batch.iterator();
                return sending.hasNext();
            }

            @Override
            public Tuple2<String, SeriesTail> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Map.Entry<String, SeriesTail> e = sending.next();
                return new Tuple2<>(e.getKey(), e.getValue());
            }
        };
    }
}
