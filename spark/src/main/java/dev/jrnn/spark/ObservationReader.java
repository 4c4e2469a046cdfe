package dev.jrnn.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the rows of the canonical projection ({@link SeriesInput}: id, time, value, the time's text,
 * the value's text) in Spark's internal form, without turning them into Java objects: the id as the
 * row's own UTF-8 bytes, the time as microseconds of local time ({@code TIMESTAMP_NTZ}'s own form,
 * which is {@link TimeKind#key}) or an index, the value as a double. A row without an id, a time or a
 * finite number within float's range fails naming the series, the column and what it holds.
 */
final class ObservationReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ForecastColumns columns;
    private final TimeKind kind;

    ObservationReader(ForecastColumns columns, TimeKind kind) {
        this.columns = columns;
        this.kind = kind;
    }

    /** The row's series id: a view of the row's bytes, valid until the row is reused. */
    UTF8String series(InternalRow row) {
        if (row.isNullAt(0)) {
            throw noId();
        }
        return row.getUTF8String(0);
    }

    /** The row's time as {@link TimeKind#key}. */
    long time(InternalRow row, UTF8String series) {
        if (row.isNullAt(1)) {
            if (!row.isNullAt(3)) {
                throw new IllegalArgumentException("series " + series + ": column '" + columns.time() + "' holds '"
                        + row.getUTF8String(3) + "', which is not a date or time");
            }
            throw noTime(series);
        }
        return row.getLong(1);
    }

    /** The row's value, finite. */
    double value(InternalRow row, UTF8String series, long time) {
        if (row.isNullAt(2)) {
            if (!row.isNullAt(4)) {
                throw new IllegalArgumentException("series " + series + " at " + kind.show(time) + ": column '"
                        + columns.value() + "' holds '" + row.getUTF8String(4) + "', which is not a number");
            }
            throw noValue(series, time);
        }
        return finite(row.getDouble(2), series, time);
    }

    /**
     * {@code value}, or an error naming the series and the time if it is not finite or beyond float's
     * range (the networks compute in float: such a value cannot be scaled with the series' others).
     */
    double finite(double value, UTF8String series, long time) {
        if (!(Math.abs(value) <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("series " + series + " at " + kind.show(time) + ": column '"
                    + columns.value() + "' holds " + value + (Double.isFinite(value)
                    ? ", beyond the range of float (about 3.4e38), in which the networks compute: too large to scale"
                    + " with the series' other values; is it an error in the data?"
                    : ", which is not a finite number"));
        }
        return value;
    }

    IllegalArgumentException noId() {
        return new IllegalArgumentException("a row has no series id: column '" + columns.seriesId() + "' is null");
    }

    IllegalArgumentException noTime(UTF8String series) {
        return new IllegalArgumentException("series " + series + " has a row without a time: column '"
                + columns.time() + "' is null");
    }

    IllegalArgumentException noValue(UTF8String series, long time) {
        return new IllegalArgumentException("series " + series + " has no value at " + kind.show(time)
                + ": column '" + columns.value() + "' is null");
    }
}
