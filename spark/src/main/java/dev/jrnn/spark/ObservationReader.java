package dev.jrnn.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Reads one row of the canonical projection ({@link SeriesInput}: id, time, value, the time's text,
 * the value's text) as (series, observation); a row without an id, a time or a number fails naming
 * the series, the column and what it holds.
 */
final class ObservationReader implements PairFunction<Row, String, Observation>, Serializable {
    private static final long serialVersionUID = 1L;
    private final ForecastColumns columns;
    private final TimeKind kind;

    ObservationReader(ForecastColumns columns, TimeKind kind) {
        this.columns = columns;
        this.kind = kind;
    }

    @Override
    public Tuple2<String, Observation> call(Row row) {
        if (row.isNullAt(0)) {
            throw new IllegalArgumentException("a row has no series id: column '" + columns.seriesId() + "' is null");
        }
        String series = row.getString(0);
        if (row.isNullAt(1)) {
            if (!row.isNullAt(3)) {
                throw new IllegalArgumentException("series " + series + ": column '" + columns.time() + "' holds '"
                        + row.getString(3) + "', which is not a date or time");
            }
            throw new IllegalArgumentException("series " + series + " has a row without a time: column '"
                    + columns.time() + "' is null");
        }
        long time = TimeKind.key(row.get(1));
        if (row.isNullAt(2)) {
            if (!row.isNullAt(4)) {
                throw new IllegalArgumentException("series " + series + " at " + kind.show(time) + ": column '"
                        + columns.value() + "' holds '" + row.getString(4) + "', which is not a number");
            }
            throw new IllegalArgumentException("series " + series + " has no value at " + kind.show(time)
                    + ": column '" + columns.value() + "' is null");
        }
        double value = row.getDouble(2);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("series " + series + " at " + kind.show(time) + ": column '"
                    + columns.value() + "' holds " + value + ", which is not a finite number");
        }
        return new Tuple2<>(series, new Observation(time, value));
    }
}
