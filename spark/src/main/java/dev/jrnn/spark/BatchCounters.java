package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * What the tasks of a batch forecast count, as Spark accumulators (an action that computes the
 * forecasts twice counts twice): series forecast, series skipped as too short (and some of their
 * names), and series whose times could not all be compared for repeats
 * ({@link SeriesTail#timesCompared()}).
 */
final class BatchCounters implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    final LongAccumulator forecast;
    final LongAccumulator skipped;
    final CollectionAccumulator<String> skippedNames;
    final LongAccumulator timesUncompared;

    BatchCounters(SparkContext sc) {
        this.forecast = sc.longAccumulator("jrnn series forecast");
        this.skipped = sc.longAccumulator("jrnn series skipped");
        this.skippedNames = sc.collectionAccumulator("jrnn series skipped, named");
        this.timesUncompared = sc.longAccumulator("jrnn series with times not all compared");
    }
}
