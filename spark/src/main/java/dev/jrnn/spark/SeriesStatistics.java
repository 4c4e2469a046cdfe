package dev.jrnn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.percentile_approx;

import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.data.Outliers;
import dev.jrnn.forecast.data.TimeStep;
import dev.jrnn.forecast.select.GlobalForecaster;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What a global model's defaults need to know of a whole Dataset of series, by aggregation: the
 * number of series, the shortest, median and longest series' length, whether every value is
 * positive, the time step of the series of the smallest id (the one whose calendar the model
 * follows), and every other time step among the series, with a series of each.
 *
 * @param series       series
 * @param shortest     observations in the shortest series
 * @param median       observations in the median series (approximate, within a ten-thousandth of the ranks)
 * @param longest      observations in the longest series
 * @param positive     whether every value of every series is positive
 * @param shortestId   the id of a shortest series
 * @param firstId      the smallest id
 * @param timestamps   whether the time column holds times (not an integer index)
 * @param step         the time step of the series {@code firstId}, empty for an index time column or a
 *                     series of fewer than two readable times
 * @param steps        every time step found, each with the smallest id of a series of that step
 *                     ({@code firstId}'s first): the series are grouped by their mean spacing, and the
 *                     step of one series of each of the {@value #STEP_CLASSES} commonest spacings is
 *                     inferred; more than one entry means series of different frequencies
 * @param outliers     the warning about values far outside their series' range ({@link Outliers}'
 *                     rule on approximate quantiles, {@link #outliers(Column)}), naming the series of the
 *                     smallest id that holds one and counting the others; empty without any
 */
public record SeriesStatistics(long series, long shortest, long median, long longest, boolean positive,
                               String shortestId, String firstId, boolean timestamps, Optional<TimeStep> step,
                               Map<TimeStep, String> steps, Optional<String> outliers) {
    /** The latest observations of the first series whose spacing gives the time step. */
    static final int STEP_SAMPLE = 10_000;
    /** Classes of mean spacing whose series' steps are compared with the first series'. */
    static final int STEP_CLASSES = 16;
    /** The latest observations of a series of another mean spacing from which its step is inferred. */
    static final int OTHER_STEP_SAMPLE = 500;
    /**
     * The accuracy of the per-series quantiles of the outlier check: a rank error of about 1%, a small
     * sketch per series, plenty for a rule of {@value Outliers#FACTOR} spreads.
     */
    static final int OUTLIER_ACCURACY = 100;

    public SeriesStatistics {
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /**
     * The time step all the series share.
     *
     * @throws IllegalArgumentException naming a series of each of two different steps, or when no series
     *                                  has two times
     */
    public TimeStep commonStep() {
        if (steps.size() > 1) {
            List<Map.Entry<TimeStep, String>> two = steps.entrySet().stream().limit(2).toList();
            throw new IllegalArgumentException("series " + two.get(0).getValue() + " steps by " + two.get(0).getKey()
                    + " and series " + two.get(1).getValue() + " by " + two.get(1).getKey() + (steps.size() > 2
                    ? " (and " + (steps.size() - 2) + " other step" + (steps.size() > 3 ? "s" : "") + ")" : "")
                    + "; one global model needs one frequency: train one model per frequency (filter the series of"
                    + " one step), or give the season and horizon");
        }
        return step.orElseThrow(() -> new IllegalArgumentException("series " + firstId + " has fewer than two times"
                + " to tell the time step from"));
    }

    /** The statistics of {@code data}; non-numeric values are left out here (training names them). */
    public static SeriesStatistics of(Dataset<Row> data, ForecastColumns columns) {
        TimeKind kind = SeriesInput.kind(data, columns);
        Dataset<Row> canonical = SeriesInput.canonical(data, columns, kind);
        Column time = col("t").cast("string");
        Dataset<Row> perSeries = canonical.groupBy("id").agg(count(lit(1)).as("n"), min(col("v")).as("lowest"),
                max(col("v")).as("highest"), min_by(time, col("v")).as("lowestAt"), max_by(time, col("v")).as("highestAt"),
                percentile_approx(col("v"), array(lit(0.1), lit(0.5), lit(0.9)), lit(OUTLIER_ACCURACY)).as("q"));
        Column outlier = outliers(perSeries.col("q"));
        Row all = perSeries.agg(count(lit(1)), min("n"), max("n"), min("lowest"),
                percentile_approx(col("n"), lit(0.5), lit(10_000)), min_by(col("id"), col("n")), min(col("id")),
                sum(when(outlier.isNotNull(), 1).otherwise(0)), min_by(outlier, when(outlier.isNotNull(), col("id"))))
                .first();
        if (all.getLong(0) == 0) {
            throw new IllegalArgumentException("the data holds no series");
        }
        String firstId = all.getString(6);
        Optional<TimeStep> step = kind.hasTimes() ? step(canonical, firstId) : Optional.empty();
        return new SeriesStatistics(all.getLong(0), all.getLong(1), all.getLong(4), all.getLong(2),
                !all.isNullAt(3) && all.getDouble(3) > 0, all.getString(5), firstId, kind.hasTimes(), step,
                step.isPresent() ? steps(canonical, firstId, step.get()) : Map.of(), outlierWarning(all.getLong(7),
                        all.isNullAt(8) ? null : all.getStruct(8)));
    }

    /**
     * Per series (a row of the aggregate with {@code lowest}, {@code highest}, their times and the
     * quantiles {@code q} of 10%, 50% and 90%), the extreme value that lies over {@value Outliers#FACTOR}
     * robust spreads from the median, as {@code (id, value, time, median, spread)}, or null. The spread
     * is the deviation from the median of rank 80% bounded from above by the larger of {@code q90 - q50}
     * and {@code q50 - q10} (the interval of that half-width holds at least 80% of the values), so that
     * the approximation warns of no value the exact rule would pass; a zero spread (most values equal)
     * is not checked.
     */
    static Column outliers(Column q) {
        Column median = q.getItem(1);
        Column spread = greatest(q.getItem(2).minus(median), median.minus(q.getItem(0)));
        Column limit = spread.multiply(Outliers.FACTOR);
        Column finiteHigh = col("highest").lt(Double.MAX_VALUE).and(col("highest").gt(-Double.MAX_VALUE));
        Column finiteLow = col("lowest").lt(Double.MAX_VALUE).and(col("lowest").gt(-Double.MAX_VALUE));
        Column high = spread.gt(0).and(finiteHigh).and(col("highest").minus(median).gt(limit));
        Column low = spread.gt(0).and(finiteLow).and(median.minus(col("lowest")).gt(limit));
        Column highFirst = col("highest").minus(median).geq(median.minus(col("lowest")));
        Column highest = extreme(col("highest"), col("highestAt"), median, spread);
        return when(high.and(highFirst), highest).when(low, extreme(col("lowest"), col("lowestAt"), median, spread))
                .when(high, highest);
    }

    /** An outlier as {@code (id, value, time, median, spread)}, the fields named alike for either extreme. */
    private static Column extreme(Column value, Column time, Column median, Column spread) {
        return struct(col("id").as("id"), value.as("value"), time.as("time"), median.as("median"),
                spread.as("spread"));
    }

    /** The warning about the outliers of {@code count} series, {@code first} the one of the smallest id. */
    private static Optional<String> outlierWarning(long count, Row first) {
        if (count == 0 || first == null) {
            return Optional.empty();
        }
        String place = first.isNullAt(2) ? "" : " (" + first.getString(2) + ")";
        return Optional.of(Outliers.warning(first.getString(0), List.of("value " + first.getDouble(1) + place), 1,
                first.getDouble(3), first.getDouble(4)) + " (median and spread approximate"
                + (count > 1 ? "; " + (count - 1) + " other series " + (count == 2 ? "holds" : "hold") + " such values too"
                : "") + ")");
    }

    /**
     * {@code first}'s step for {@code firstId}, then the other steps among the series: each series' mean
     * spacing, {@code (last - first) / (n - 1)} by aggregation (no sort of the rows), grouped in classes
     * about 5% wide ({@code round(20 ln spacing)}), and the step inferred from the latest times of the
     * smallest id of each of the {@value #STEP_CLASSES} commonest classes. A regular series' mean spacing
     * is its step (a month's about 30.4 days); business days (7/5 of a day) and days fall apart.
     */
    private static Map<TimeStep, String> steps(Dataset<Row> canonical, String firstId, TimeStep first) {
        Dataset<Row> spans = canonical.filter(col("t").isNotNull()).groupBy("id")
                .agg(min(col("t")).as("first"), max(col("t")).as("last"), count(lit(1)).as("n"))
                .filter(col("n").gt(1).and(col("last").gt(col("first"))))
                .select(col("id"), expr("round(20 * ln(timestampdiff(SECOND, first, last) / (n - 1)))").as("class"));
        List<Row> classes = spans.groupBy("class").agg(min(col("id")).as("example"), count(lit(1)).as("series"))
                .orderBy(col("series").desc(), col("example")).limit(STEP_CLASSES).collectAsList();
        List<String> examples = new ArrayList<>();
        for (Row r : classes) {
            if (!r.getString(1).equals(firstId)) {
                examples.add(r.getString(1));
            }
        }
        Map<TimeStep, String> out = new LinkedHashMap<>();
        out.put(first, firstId);
        if (examples.isEmpty()) {
            return out;
        }
        WindowSpec latestFirst = Window.partitionBy("id").orderBy(col("t").desc());
        List<Row> latest = canonical.filter(col("id").isin(examples.toArray()).and(col("t").isNotNull()))
                .select(col("id"), col("t"), row_number().over(latestFirst).as("k"))
                .filter(col("k").leq(OTHER_STEP_SAMPLE)).select("id", "t").collectAsList();
        examples.stream().sorted().forEach(id -> {
            LocalDateTime[] times = latest.stream().filter(r -> r.getString(0).equals(id))
                    .map(r -> (LocalDateTime) r.get(1)).distinct().sorted(Comparator.naturalOrder())
                    .toArray(LocalDateTime[]::new);
            if (times.length >= 2) {
                out.putIfAbsent(TimeStep.infer(id, times), id);
            }
        });
        return out;
    }

    /** The step of the latest {@value #STEP_SAMPLE} times of series {@code id}, if it has two. */
    private static Optional<TimeStep> step(Dataset<Row> canonical, String id) {
        List<Row> latest = canonical.filter(col("id").equalTo(id).and(col("t").isNotNull())).select("t")
                .orderBy(col("t").desc()).limit(STEP_SAMPLE).collectAsList();
        LocalDateTime[] times = latest.stream().map(r -> (LocalDateTime) r.get(0)).distinct().sorted()
                .toArray(LocalDateTime[]::new);
        return times.length < 2 ? Optional.empty() : Optional.of(TimeStep.infer(id, times));
    }

    /** {@link GlobalForecaster#defaults(int, int, int, boolean)} for these series. */
    public ForecastConfigBuilder globalDefaults(int season, int horizon) {
        return GlobalForecaster.defaults(season, horizon, (int) Math.min(Integer.MAX_VALUE, shortest), positive);
    }

    /**
     * Whether the shortest series limits every series' input window to {@code inputLength}
     * ({@link GlobalForecaster.ShortSeriesLimit}); empty where the input length was {@code chosen} by hand.
     */
    public Optional<GlobalForecaster.ShortSeriesLimit> shortSeriesLimit(int season, int horizon, int inputLength,
                                                                       boolean chosen) {
        return GlobalForecaster.ShortSeriesLimit.of(season, horizon, shortestId, shortest, median, inputLength, chosen);
    }
}
