package dev.jrnn.spark;

import java.io.Serial;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * {@link MapSideTails} of Spark's internal rows of the canonical projection ({@link ObservationReader}):
 * the read for sources that are not columnar (CSV, a computed Dataset), and for columns the columnar
 * read does not take (text times or values).
 */
final class RowTails extends MapSideTails<InternalRow> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ObservationReader reader;

    RowTails(ObservationReader reader, TailSpec spec, boolean wholePartition) {
        super(spec, wholePartition);
        this.reader = reader;
    }

    @Override
    Feeder feeder(Iterator<InternalRow> rows) {
        return tails -> {
            while (!tails.full() && rows.hasNext()) {
                InternalRow row = rows.next();
                tails.series(reader.series(row));
                long time = reader.time(row, tails.current());
                tails.add(time, reader.value(row, tails.current(), time));
            }
        };
    }
}
