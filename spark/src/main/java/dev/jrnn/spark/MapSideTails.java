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
 * tails held reach {@value #FLUSH} observations they are sent and the map starts again (the reduce
 * side merges them), so a partition of many long series never holds more.
 */
final class MapSideTails implements PairFlatMapFunction<Iterator<Row>, String, SeriesTail>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Observations held in tails before they are sent: about 64 MiB. */
    static final int FLUSH = 4 << 20;

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
            private long held;

            @Override
            public boolean hasNext() {
                if (sending != null && sending.hasNext()) {
                    return true;
                }
                tails.clear();
                held = 0;
                while (rows.hasNext() && held < FLUSH) {
                    Tuple2<String, Observation> o = reader.call(rows.next());
                    SeriesTail tail = tails.computeIfAbsent(o._1(), k -> new SeriesTail(spec));
                    held -= tail.size();
                    tail.add(o._2());
                    held += tail.size();
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
