package dev.jrnn.spark;

import java.io.Serial;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@link MapSideTails} of the column batches of a columnar scan (Parquet's or ORC's vectorized
 * reader): ids, times and values read straight from the column vectors, with no row per
 * observation. The values read are those of the canonical projection ({@link SeriesInput#canonical}),
 * converted as Spark's casts convert them: an integer id as its decimal text; a {@code TIMESTAMP} as
 * the local time in the session's zone, a {@code DATE} as its midnight, an integer time as the index;
 * a value as a double. A dictionary-encoded id column (Parquet's usual encoding of repeated text) is
 * compared by dictionary index, so that the rows of the series before need no bytes compared.
 */
final class ColumnarTails extends MapSideTails<ColumnarBatch> {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** How a column is read: the types the columnar read takes. */
    enum Read {
        TEXT, LONG, INT, SHORT, BYTE, DOUBLE, FLOAT, LOCAL_MICROS, DAYS, INSTANT_MICROS;

        /** How an id column of {@code type} is read, or null if it is left to the rows' read. */
        static Read id(DataType type) {
            return type instanceof StringType ? TEXT : integer(type);
        }

        /** How a time column of {@code type} is read. */
        static Read time(DataType type) {
            if (type instanceof TimestampNTZType) {
                return LOCAL_MICROS;
            }
            if (type.equals(DataTypes.TimestampType)) {
                return INSTANT_MICROS;
            }
            if (type.equals(DataTypes.DateType)) {
                return DAYS;
            }
            return integer(type);
        }

        /** How a value column of {@code type} is read. */
        static Read value(DataType type) {
            if (type.equals(DataTypes.DoubleType)) {
                return DOUBLE;
            }
            if (type.equals(DataTypes.FloatType)) {
                return FLOAT;
            }
            return integer(type);
        }

        private static Read integer(DataType type) {
            if (type.equals(DataTypes.LongType)) {
                return LONG;
            }
            if (type.equals(DataTypes.IntegerType)) {
                return INT;
            }
            if (type.equals(DataTypes.ShortType)) {
                return SHORT;
            }
            if (type.equals(DataTypes.ByteType)) {
                return BYTE;
            }
            return null;
        }

        long integer(ColumnVector v, int row) {
            return switch (this) {
                case LONG -> v.getLong(row);
                case INT -> v.getInt(row);
                case SHORT -> v.getShort(row);
                case BYTE -> v.getByte(row);
                default -> throw new IllegalStateException(this + " is not an integer read");
            };
        }
    }

    private final ObservationReader messages;
    private final int[] ordinals;
    private final Read id;
    private final Read time;
    private final Read value;
    private final ZoneId zone;

    /**
     * @param ordinals the id's, the time's and the value's column in the batches
     * @param zone     the session's time zone, in which a {@code TIMESTAMP} is read as a local time
     */
    ColumnarTails(ObservationReader messages, int[] ordinals, Read id, Read time, Read value, ZoneId zone,
                  TailSpec spec, boolean wholePartition) {
        super(spec, wholePartition);
        this.messages = messages;
        this.ordinals = ordinals.clone();
        this.id = id;
        this.time = time;
        this.value = value;
        this.zone = zone;
    }

    @Override
    Feeder feeder(Iterator<ColumnarBatch> batches) {
        return new BatchFeeder(batches);
    }

    /** The position in the task's batches. */
    private final class BatchFeeder implements Feeder {
        private final Iterator<ColumnarBatch> batches;
        private ColumnVector ids;
        private ColumnVector times;
        private ColumnVector values;
        /** The ids' dictionary indices, when the batch's id column is dictionary-encoded text. */
        private WritableColumnVector dictionaryIds;
        private boolean nulls;
        private int row;
        private int rows;
        /** The dictionary index, or the integer id, of the current series; {@code known} if there is one. */
        private long lastKey;
        private boolean known;

        BatchFeeder(Iterator<ColumnarBatch> batches) {
            this.batches = batches;
        }

        @Override
        public void fold(TailFolder tails) {
            known = false;
            while (!tails.full()) {
                if (row == rows) {
                    if (!batches.hasNext()) {
                        return;
                    }
                    start(batches.next());
                    continue;
                }
                observe(tails, row++);
            }
        }

        private void start(ColumnarBatch batch) {
            ids = batch.column(ordinals[0]);
            times = batch.column(ordinals[1]);
            values = batch.column(ordinals[2]);
            dictionaryIds = ids instanceof WritableColumnVector w && w.hasDictionary() ? w.getDictionaryIds() : null;
            nulls = ids.hasNull() || times.hasNull() || values.hasNull();
            row = 0;
            rows = batch.numRows();
            if (id == Read.TEXT) {
                known = false; // a new batch may have a new dictionary, whose indices mean other ids
            }
        }

        private void observe(TailFolder tails, int i) {
            if (nulls && ids.isNullAt(i)) {
                throw messages.noId();
            }
            series(tails, i);
            if (nulls && times.isNullAt(i)) {
                throw messages.noTime(tails.current());
            }
            long t = time(i);
            if (nulls && values.isNullAt(i)) {
                throw messages.noValue(tails.current(), t);
            }
            tails.add(t, messages.finite(value(i), tails.current(), t));
        }

        private void series(TailFolder tails, int i) {
            if (id == Read.TEXT) {
                if (dictionaryIds == null) {
                    tails.series(ids.getUTF8String(i));
                    return;
                }
                int key = dictionaryIds.getDictId(i);
                if (!known || key != lastKey) {
                    tails.series(ids.getUTF8String(i));
                    lastKey = key;
                    known = true;
                }
                return;
            }
            long key = id.integer(ids, i);
            if (!known || key != lastKey) {
                tails.series(UTF8String.fromString(Long.toString(key)));
                lastKey = key;
                known = true;
            }
        }

        private long time(int i) {
            return switch (time) {
                case LOCAL_MICROS -> times.getLong(i);
                case INSTANT_MICROS -> DateTimeUtils.convertTz(times.getLong(i), ZoneOffset.UTC, zone);
                case DAYS -> times.getInt(i) * MICROS_PER_DAY;
                default -> time.integer(times, i);
            };
        }

        private double value(int i) {
            return switch (value) {
                case DOUBLE -> values.getDouble(i);
                case FLOAT -> values.getFloat(i);
                default -> value.integer(values, i);
            };
        }
    }
}
