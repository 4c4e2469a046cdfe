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

    /**
     * The position in the task's batches. Rows are folded a run at a time: the rows of one series that
     * follow each other in a batch (all of them, for data laid out by series), found by comparing the
     * ids' dictionary indices or integers, read into two reused arrays and added to the series' tail in
     * one call.
     */
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
        /** One run's times and values, as long as the longest run so far. */
        private long[] runTimes = new long[0];
        private double[] runValues = new double[0];

        BatchFeeder(Iterator<ColumnarBatch> batches) {
            this.batches = batches;
        }

        @Override
        public void fold(TailFolder tails) {
            while (!tails.full()) {
                if (row == rows) {
                    if (!batches.hasNext()) {
                        return;
                    }
                    start(batches.next());
                }
                row = foldRuns(tails, row);
            }
        }

        /**
         * Folds the current batch's runs from row {@code from} until the batch ends or the tails are
         * full; returns the row after the last one folded. Apart from {@link #fold}, so that the JIT
         * compiles this loop without the reading of the next batch (all of the column readers) in it.
         */
        private int foldRuns(TailFolder tails, int from) {
            int r = from;
            while (r < rows && !tails.full()) {
                r = foldRun(tails, r);
            }
            return r;
        }

        private void start(ColumnarBatch batch) {
            ids = batch.column(ordinals[0]);
            times = batch.column(ordinals[1]);
            values = batch.column(ordinals[2]);
            dictionaryIds = ids instanceof WritableColumnVector w && w.hasDictionary() ? w.getDictionaryIds() : null;
            nulls = ids.hasNull() || times.hasNull() || values.hasNull();
            row = 0;
            rows = batch.numRows();
        }

        /** Folds the run of rows of one series that starts at row {@code from}; returns the row after it. */
        private int foldRun(TailFolder tails, int from) {
            if (nulls && ids.isNullAt(from)) {
                throw messages.noId();
            }
            int to = runEnd(from);
            tails.series(id == Read.TEXT ? ids.getUTF8String(from)
                    : UTF8String.fromString(Long.toString(id.integer(ids, from))));
            int n = to - from;
            if (runTimes.length < n) {
                runTimes = new long[n];
                runValues = new double[n];
            }
            if (nulls) {
                readChecked(tails, from, n);
            } else {
                readTimes(from, n);
                readValues(from, n);
                for (int k = 0; k < n; k++) {
                    messages.finite(runValues[k], tails.current(), runTimes[k]);
                }
            }
            tails.add(runTimes, runValues, n);
            return to;
        }

        /** The end of the run of rows from {@code from} that share its id (a null id ends a run). */
        private int runEnd(int from) {
            int i = from + 1;
            if (id == Read.TEXT && dictionaryIds == null) {
                UTF8String first = ids.getUTF8String(from);
                while (i < rows && !(nulls && ids.isNullAt(i)) && ids.getUTF8String(i).equals(first)) {
                    i++;
                }
                return i;
            }
            long key = key(from);
            while (i < rows && !(nulls && ids.isNullAt(i)) && key(i) == key) {
                i++;
            }
            return i;
        }

        /** The dictionary index of a dictionary-encoded text id, or the integer id. */
        private long key(int i) {
            return dictionaryIds != null ? dictionaryIds.getDictId(i) : id.integer(ids, i);
        }

        /** Reads a run row by row where a column has nulls, failing at the first bad row. */
        private void readChecked(TailFolder tails, int from, int n) {
            for (int k = 0; k < n; k++) {
                int i = from + k;
                if (times.isNullAt(i)) {
                    throw messages.noTime(tails.current());
                }
                long t = time(i);
                if (values.isNullAt(i)) {
                    throw messages.noValue(tails.current(), t);
                }
                runTimes[k] = t;
                runValues[k] = messages.finite(value(i), tails.current(), t);
            }
        }

        private void readTimes(int from, int n) {
            long[] out = runTimes;
            switch (time) {
                case LOCAL_MICROS, LONG -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = times.getLong(from + k);
                    }
                }
                case INT -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = times.getInt(from + k);
                    }
                }
                default -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = time(from + k);
                    }
                }
            }
        }

        private void readValues(int from, int n) {
            double[] out = runValues;
            if (value == Read.DOUBLE) {
                for (int k = 0; k < n; k++) {
                    out[k] = values.getDouble(from + k);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    out[k] = value(from + k);
                }
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
