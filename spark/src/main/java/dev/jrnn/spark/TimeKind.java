package dev.jrnn.spark;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * What a time column holds, and how it is read and written. Timestamps are read as local date-times
 * in the session's time zone (the calendar covariates of a model are of local time) and held as
 * microseconds since 1970-01-01T00:00 of that local time; an integer column is an observation index
 * (a series without timestamps). Forecast times are written back in the column's own type.
 */
enum TimeKind {
    /** {@code TIMESTAMP}: an instant, shown in the session's time zone. */
    TIMESTAMP(DataTypes.TimestampType),
    /** {@code TIMESTAMP_NTZ}: a local date-time. */
    LOCAL_TIMESTAMP(DataTypes.TimestampNTZType),
    /** {@code DATE}. */
    DATE(DataTypes.DateType),
    /**
     * Text holding a date or date-time, read as Spark casts text to {@code TIMESTAMP_NTZ}; text with a
     * time zone offset ({@code 2026-03-29T03:00+02:00}, {@code ...Z}), which that cast refuses, as the
     * instant it names, in the session's time zone, as a {@code TIMESTAMP} column is.
     */
    TEXT(DataTypes.TimestampNTZType),
    /** An integer: the observation's index; the series has no timestamps. */
    INDEX(DataTypes.LongType);

    /** A date-time ending in a time zone offset: {@code Z}, {@code +01:00}, {@code +0100}, {@code +01}. */
    static final String WITH_OFFSET = "[T ]\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$";
    /** The hour and minute of a date-time without seconds ({@code $1}) and its offset ({@code $2}). */
    static final String WITHOUT_SECONDS = "([T ]\\d{1,2}:\\d{2})(\\s*(Z|[+-]\\d{2}(:?\\d{2})?))$";

    private final DataType output;

    TimeKind(DataType output) {
        this.output = output;
    }

    /** The kind of a column of type {@code type}, or an error naming the column. */
    static TimeKind of(String column, DataType type) {
        if (type.equals(DataTypes.TimestampType)) {
            return TIMESTAMP;
        }
        if (type instanceof TimestampNTZType) {
            return LOCAL_TIMESTAMP;
        }
        if (type.equals(DataTypes.DateType)) {
            return DATE;
        }
        if (type instanceof StringType) {
            return TEXT;
        }
        if (type instanceof IntegralType) {
            return INDEX;
        }
        throw new IllegalArgumentException("time column '" + column + "' has type " + type.simpleString()
                + "; it must be a timestamp, a date, text holding one, or an integer index");
    }

    /** Whether the series have timestamps (all kinds but {@link #INDEX}). */
    boolean hasTimes() {
        return this != INDEX;
    }

    /** The column read as this kind's canonical type: {@code TIMESTAMP_NTZ}, or {@code BIGINT} for an index. */
    Column canonical(Column c) {
        return switch (this) {
            case LOCAL_TIMESTAMP -> c;
            case TIMESTAMP, DATE -> c.cast("timestamp_ntz");
            // Spark's cast to TIMESTAMP_NTZ drops an offset after seconds and refuses one after minutes,
            // and its cast to TIMESTAMP wants the seconds: offsets are read as instants, seconds added
            case TEXT -> functions.when(c.rlike(WITH_OFFSET), functions.regexp_replace(c, WITHOUT_SECONDS, "$1:00$2")
                    .try_cast("timestamp").cast("timestamp_ntz")).otherwise(c.try_cast("timestamp_ntz"));
            case INDEX -> c.cast("bigint");
        };
    }

    /** The type of the forecasts' time column. */
    DataType outputType() {
        return output;
    }

    /** The canonical value of a row (a local date-time or an index) as a sortable long. */
    static long key(Object canonical) {
        if (canonical instanceof LocalDateTime t) {
            return micros(t);
        }
        return ((Number) canonical).longValue();
    }

    static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    static LocalDateTime time(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** A key in words, for messages. */
    String show(long key) {
        return hasTimes() ? time(key).toString() : "index " + key;
    }
}
