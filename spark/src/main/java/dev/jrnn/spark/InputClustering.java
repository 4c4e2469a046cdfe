package dev.jrnn.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.physical.ClusteredDistribution;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.exchange.ENSURE_REQUIREMENTS$;
import org.apache.spark.sql.execution.exchange.REPARTITION_BY_COL$;
import org.apache.spark.sql.execution.exchange.REPARTITION_BY_NUM$;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.exchange.ShuffleOrigin;
import org.apache.spark.sql.execution.joins.BaseJoinExec;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Whether Spark's plan of the input already puts every row of a series in one partition, so that
 * the series need no shuffle: the plan's output partitioning satisfies a clustered distribution on
 * the id column, as a repartition by the id ({@code repartition(col("series_id"))}), an aggregation
 * by it, or a table bucketed by it and read with its buckets give (not under adaptive execution when
 * the plan joins or rebalances: it may split a skewed partition). Read from the plan, never
 * assumed: files laid out by series without Spark knowing it (plain Parquet files) are not
 * clustered in this sense, since a file may be split over partitions.
 */
final class InputClustering {
    private InputClustering() {
    }

    /** Whether {@code data}'s partitions, more than one, each hold every row of their series. */
    static boolean bySeries(Dataset<Row> data, ForecastColumns columns) {
        // the projection the map side reads: a projection keeps its child's partitioning
        return bySeries(SeriesInput.projection(data, columns));
    }

    /** {@link #bySeries(Dataset, ForecastColumns)} of the projection {@code read}, its id column first. */
    static boolean bySeries(Dataset<Row> read) {
        Attribute id = read.queryExecution().analyzed().output().head();
        SparkPlan plan = read.queryExecution().executedPlan();
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            plan = adaptive.inputPlan();
            if (!adaptiveKeepsClusters(plan)) {
                return false;
            }
        }
        Partitioning partitioning = plan.outputPartitioning();
        List<Expression> clustering = List.of(id);
        return partitioning.numPartitions() > 1 && partitioning.satisfies(
                ClusteredDistribution.apply(CollectionConverters.asScala(clustering).toSeq(), false, Option.empty()));
    }

    /**
     * Whether adaptive execution leaves the initial plan's clusters whole: it may coalesce the
     * partitions of a repartition or of an exchange the plan requires (whole clusters together), but
     * splits a skewed partition of a join or of a rebalance over several, so plans with either are
     * not trusted.
     */
    private static boolean adaptiveKeepsClusters(SparkPlan plan) {
        if (plan instanceof BaseJoinExec) {
            return false;
        }
        if (plan instanceof ShuffleExchangeExec exchange) {
            ShuffleOrigin origin = exchange.shuffleOrigin();
            if (!(origin instanceof REPARTITION_BY_COL$ || origin instanceof REPARTITION_BY_NUM$
                    || origin instanceof ENSURE_REQUIREMENTS$)) {
                return false;
            }
        }
        for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
            if (!adaptiveKeepsClusters(child)) {
                return false;
            }
        }
        return true;
    }
}
