package dev.jrnn.spark;

import dev.jrnn.forecast.data.TimeSeries;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded synthetic series of ragged lengths: a level, a trend, a cycle of the season's length and
 * noise, hourly from a start that differs per series (or without timestamps); optionally with one
 * negative value early on. A series is made from its {@link Spec} alone, so the executors make the
 * rows of the very series a test holds on the driver.
 */
final class SyntheticSeries {
    private SyntheticSeries() {
    }

    /**
     * What makes one series.
     *
     * @param name      its id
     * @param length    observations
     * @param season    cycle length
     * @param withTimes hourly timestamps, or an index from 100
     * @param seed      the draw
     * @param dip       whether its third value is negative (the rest are positive)
     */
    record Spec(String name, int length, int season, boolean withTimes, long seed, boolean dip) implements Serializable {
        TimeSeries series() {
            return SyntheticSeries.series(this);
        }
    }

    /** {@code count} specs named {@code s0, s1, ...}, of lengths drawn uniformly from {@code [minLength, maxLength]}. */
    static List<Spec> specs(int count, int minLength, int maxLength, int season, boolean withTimes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Spec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = minLength + r.nextInt(maxLength - minLength + 1);
            out.add(new Spec("s" + i, n, season, withTimes, r.nextLong(), false));
        }
        return out;
    }

    static List<TimeSeries> series(List<Spec> specs) {
        return specs.stream().map(Spec::series).toList();
    }

    static TimeSeries series(Spec spec) {
        SplittableRandom r = new SplittableRandom(spec.seed());
        int n = spec.length();
        double level = 20 + 80 * r.nextDouble();
        double trend = (r.nextDouble() - 0.3) * 0.05;
        double amplitude = level * (0.1 + 0.3 * r.nextDouble());
        double phase = 2 * Math.PI * r.nextDouble();
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = Math.max(0.5, level + trend * t + amplitude * Math.sin(2 * Math.PI * t / spec.season() + phase)
                    + level * 0.05 * (r.nextDouble() - 0.5));
        }
        if (spec.dip() && n > 2) {
            v[2] = -1;
        }
        LocalDateTime[] times = null;
        if (spec.withTimes()) {
            times = new LocalDateTime[n];
            LocalDateTime start = LocalDateTime.of(2020, 1, 1, 0, 0).plusHours(r.nextInt(24 * 400));
            for (int t = 0; t < n; t++) {
                times[t] = start.plusHours(t);
            }
        }
        return new TimeSeries(spec.name(), v, times);
    }

    /** The schema of {@link #rows}: series_id, time (a local timestamp or an index), value. */
    static StructType schema(boolean withTimes) {
        return new StructType().add("series_id", DataTypes.StringType)
                .add("time", withTimes ? DataTypes.TimestampNTZType : DataTypes.LongType)
                .add("value", DataTypes.DoubleType);
    }

    /**
     * The series as long-format rows (series_id, time, value) made on the executors, shuffled into
     * {@code partitions} partitions, so that the rows of one series are spread over all of them; time
     * is a TIMESTAMP (the series' local times in the session's time zone), or an index from 100.
     */
    static Dataset<Row> rows(SparkSession spark, List<Spec> specs, int partitions) {
        return rows(spark, specs, partitions, true);
    }

    /**
     * The series as rows in {@code partitions} partitions: shuffled round robin as {@link #rows}, or
     * not ({@code spread} false): each partition then holds a slice of the series, whole, each in time
     * order, with no shuffle to make them.
     */
    static Dataset<Row> rows(SparkSession spark, List<Spec> specs, int partitions, boolean spread) {
        boolean times = specs.get(0).withTimes();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(specs, Math.max(1, Math.min(specs.size(), partitions)))
                .flatMap(SyntheticSeries::rowsOf);
        Dataset<Row> data = spark.createDataFrame(rows, schema(times));
        data = spread ? data.repartition(partitions) : data;
        return times ? data.withColumn("time", data.col("time").cast("timestamp")) : data;
    }

    private static Iterator<Row> rowsOf(Spec spec) {
        TimeSeries s = spec.series();
        List<Row> out = new ArrayList<>(s.length());
        for (int t = 0; t < s.length(); t++) {
            Object time = s.hasTimes() ? s.times()[t] : (Object) (100L + t);
            out.add(RowFactory.create(s.name(), time, s.values()[t]));
        }
        return out.iterator();
    }
}
