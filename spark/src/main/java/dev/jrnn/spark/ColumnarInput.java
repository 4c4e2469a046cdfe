package dev.jrnn.spark;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The columnar read of the series: when the three columns come straight from a scan that produces
 * column batches (Parquet's and ORC's vectorized readers: the plan of the projection to the three
 * columns is a scan turned into rows, perhaps with the columns reordered), the scan's batches are
 * folded into tails by {@link ColumnarTails}, without the rows Spark would make of them. Other
 * plans (CSV, a filter or a computed column, the vectorized reader off) and columns the columnar
 * read does not take (a time or value held as text, a decimal) are read as rows.
 */
final class ColumnarInput {
    private ColumnarInput() {
    }

    /**
     * The map side's tails read from column batches, or empty if the data is not read that way.
     *
     * @param wholePartition each partition holds every row of its series ({@link MapSideTails})
     */
    static Optional<JavaPairRDD<String, SeriesTail>> mapSide(Dataset<Row> data, ForecastColumns columns,
                                                              TimeKind kind, TailSpec spec, boolean wholePartition) {
        return mapSide(data, SeriesInput.projection(data, columns), columns, kind, spec, wholePartition);
    }

    /**
     * {@link #mapSide(Dataset, ForecastColumns, TimeKind, TailSpec, boolean)} with {@code data}'s projection
     * to the id, time and value columns already made ({@link SeriesInput#projection}), so that its plan is
     * made once.
     */
    static Optional<JavaPairRDD<String, SeriesTail>> mapSide(Dataset<Row> data, Dataset<Row> raw, ForecastColumns columns,
                                                              TimeKind kind, TailSpec spec, boolean wholePartition) {
        List<Attribute> wanted = CollectionConverters.asJava(raw.queryExecution().analyzed().output());
        SparkPlan plan = raw.queryExecution().executedPlan();
        if (plan instanceof WholeStageCodegenExec stage) {
            plan = stage.child();
        }
        if (plan instanceof ProjectExec project && onlyAttributes(project)) {
            plan = project.child();
        }
        if (!(plan instanceof ColumnarToRowExec toRows) || !toRows.child().supportsColumnar()) {
            return Optional.empty();
        }
        SparkPlan scan = toRows.child();
        List<Attribute> output = CollectionConverters.asJava(scan.output());
        int[] ordinals = new int[3];
        ColumnarTails.Read[] reads = new ColumnarTails.Read[3];
        for (int c = 0; c < 3; c++) {
            ordinals[c] = ordinal(output, wanted.get(c).exprId());
            if (ordinals[c] < 0) {
                return Optional.empty();
            }
            var type = output.get(ordinals[c]).dataType();
            reads[c] = switch (c) {
                case 0 -> ColumnarTails.Read.id(type);
                case 1 -> ColumnarTails.Read.time(type);
                default -> ColumnarTails.Read.value(type);
            };
            if (reads[c] == null) {
                return Optional.empty();
            }
        }
        ZoneId zone = ZoneId.of(data.sparkSession().conf().get("spark.sql.session.timeZone"));
        ColumnarTails tails = new ColumnarTails(new ObservationReader(columns, kind), ordinals, reads[0], reads[1],
                reads[2], zone, spec, wholePartition);
        return Optional.of(scan.executeColumnar().toJavaRDD().mapPartitionsToPair(tails));
    }

    private static boolean onlyAttributes(ProjectExec project) {
        for (NamedExpression e : CollectionConverters.asJava(project.projectList())) {
            if (!(e instanceof Attribute)) {
                return false;
            }
        }
        return true;
    }

    private static int ordinal(List<Attribute> output, ExprId id) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).exprId().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
