package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Long-format rows to one {@link SeriesTail} per series. The rows are read in a canonical projection
 * (series id as text, time as {@link TimeKind}'s canonical type, value as a double, with the original
 * text of a time or value column that holds text, for messages), taken from a columnar scan's column
 * batches where the plan has one ({@link ColumnarInput}), otherwise as Spark's internal rows (no
 * conversion to Java objects per row), and folded into tails by series on each map side
 * ({@link MapSideTails}), so that each input partition sends about one bounded tail per
 * series through the shuffle; the reduce side merges them.
 */
final class SeriesInput {
    private SeriesInput() {
    }

    /** What the time column holds; fails naming a missing column. */
    static TimeKind kind(Dataset<Row> data, ForecastColumns columns) {
        columns.check(data.schema());
        StructField time = ForecastColumns.field(data.schema(), columns.time(), "time");
        return TimeKind.of(columns.time(), time.dataType());
    }

    /**
     * The tail of every series, in {@code partitions} partitions (0: the session's default
     * parallelism, or the input's partitions if more): the map side's tails shuffled by series.
     */
    static JavaPairRDD<String, SeriesTail> tails(Dataset<Row> data, ForecastColumns columns, TailSpec spec,
                                                int partitions) {
        JavaPairRDD<String, SeriesTail> mapSide = mapSide(data, projection(data, columns), columns, spec, false);
        return shuffled(mapSide, partitions > 0 ? partitions : defaultPartitions(data, mapSide));
    }

    /**
     * The tail of every series: without a shuffle, in the input's own partitions, when Spark's plan of
     * {@code data} already puts every row of a series in one partition ({@link InputClustering}) and
     * {@code partitions} is 0; otherwise shuffled by series into {@code partitions} partitions (0: the
     * session's default parallelism, or the input's partitions if more). The projection to the three
     * columns is planned once, for both the clustering check and the read.
     */
    static JavaPairRDD<String, SeriesTail> tails(Dataset<Row> data, ForecastColumns columns, TailSpec spec,
                                                BatchOptions options) {
        kind(data, columns); // a missing or mistyped column fails here, naming it, before the plan is read
        Dataset<Row> read = projection(data, columns);
        if (options.partitions() == 0 && InputClustering.bySeries(read)) {
            return mapSide(data, read, columns, spec, true);
        }
        JavaPairRDD<String, SeriesTail> mapSide = mapSide(data, read, columns, spec, false);
        return shuffled(mapSide, options.partitions() > 0 ? options.partitions() : defaultPartitions(data, mapSide));
    }

    /**
     * The session's default parallelism, or the input's partitions if more, counted on the map side's
     * RDD: {@code data.rdd()} would plan and compile a whole-stage class of the input only to count them.
     */
    private static int defaultPartitions(Dataset<Row> data, JavaPairRDD<String, SeriesTail> mapSide) {
        return Math.max(data.sparkSession().sparkContext().defaultParallelism(), mapSide.getNumPartitions());
    }

    private static JavaPairRDD<String, SeriesTail> shuffled(JavaPairRDD<String, SeriesTail> mapSide, int partitions) {
        // the map side has already combined by series: no second, spillable combiner and sort there;
        // the records written as ids and tails' own bytes, whatever the session's serializer
        return mapSide.combineByKey(tail -> tail, SeriesTail::merge, SeriesTail::merge, new HashPartitioner(partitions),
                false, new TailSerializer());
    }

    /** {@code data} projected to its id, time and value columns, as the map side reads them. */
    static Dataset<Row> projection(Dataset<Row> data, ForecastColumns columns) {
        return data.select(col(quoted(columns.seriesId())), col(quoted(columns.time())), col(quoted(columns.value())));
    }

    private static JavaPairRDD<String, SeriesTail> mapSide(Dataset<Row> data, Dataset<Row> read, ForecastColumns columns,
                                                           TailSpec spec, boolean wholePartition) {
        TimeKind kind = kind(data, columns);
        return ColumnarInput.mapSide(data, read, columns, kind, spec, wholePartition)
                .orElseGet(() -> canonical(data, columns, kind).queryExecution().toRdd().toJavaRDD()
                        .mapPartitionsToPair(new RowTails(new ObservationReader(columns, kind), spec, wholePartition)));
    }

    /** Columns: id (text), time (canonical), value (double), the time's text, the value's text. */
    static Dataset<Row> canonical(Dataset<Row> data, ForecastColumns columns, TimeKind kind) {
        Column id = col(quoted(columns.seriesId())).cast("string");
        Column time = col(quoted(columns.time()));
        DataType valueType = ForecastColumns.field(data.schema(), columns.value(), "value").dataType();
        Column value = col(quoted(columns.value()));
        Column number;
        Column valueText;
        if (valueType instanceof NumericType) {
            number = value.cast("double");
            valueText = lit(null).cast("string");
        } else if (valueType instanceof StringType) {
            number = value.try_cast("double");
            valueText = value;
        } else {
            throw new IllegalArgumentException("value column '" + columns.value() + "' has type "
                    + valueType.simpleString() + "; it must be numeric, or text holding numbers");
        }
        Column timeText = kind == TimeKind.TEXT ? time : lit(null).cast("string");
        return data.select(id.as("id"), kind.canonical(time).as("t"), number.as("v"), timeText.as("t_text"),
                valueText.as("v_text"));
    }

    /** A column name quoted for {@code col()}, so that dots and spaces in it are part of the name. */
    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
