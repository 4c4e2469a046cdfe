package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The training series in memory on the executors: one {@link TrainingShard} per partition, cached.
 * Each series is cut on the map side of the shuffle to what training draws windows from (its last
 * {@code recentWindows + trainingLength - 1} observations when windows come from the recent past;
 * else the whole series), with the facts of its whole history; a series too short for one window
 * is left out (or fails, naming it).
 */
final class SeriesShards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesShards.class);
    private final JavaRDD<TrainingShard> shards;
    private final TimeKind kind;
    private final List<SeriesCut> facts;

    private SeriesShards(JavaRDD<TrainingShard> shards, TimeKind kind, List<SeriesCut> facts) {
        this.shards = shards;
        this.kind = kind;
        this.facts = facts;
    }

    /** The shards of {@code data} for training under {@code config}. */
    static SeriesShards of(Dataset<Row> data, ForecastColumns columns, ForecastConfig config, int partitions,
                           boolean skipShort) {
        return of(data, columns, List.of(config), 0, partitions, skipShort);
    }

    /**
     * The shards of {@code data} for training under any of {@code configs} (each series cut to what
     * the most demanding one draws from), each series without its last {@code holdout} observations,
     * which its cut carries apart; runs one small job (the facts).
     */
    static SeriesShards of(Dataset<Row> data, ForecastColumns columns, List<ForecastConfig> configs, int holdout,
                           int partitions, boolean skipShort) {
        TimeKind kind = SeriesInput.kind(data, columns);
        TailSpec spec = tail(configs, kind);
        TailSpec gathered = spec.bounded() ? new TailSpec(spec.window() + holdout, spec.alignment()) : spec;
        int needed = configs.stream().mapToInt(ForecastConfig::trainingLength).max().orElseThrow();
        String without = holdout > 0 ? " without the last " + holdout : "";
        JavaRDD<TrainingShard> shards = SeriesInput.tails(data, columns, gathered, partitions)
                .mapPartitions((Iterator<Tuple2<String, SeriesTail>> tails) -> {
                    List<SeriesCut> cuts = new ArrayList<>();
                    while (tails.hasNext()) {
                        Tuple2<String, SeriesTail> t = tails.next();
                        SeriesCut cut = t._2().finish(t._1(), kind, spec, holdout);
                        if (cut.facts().length() >= needed) {
                            cuts.add(cut);
                        } else if (!skipShort) {
                            throw new IllegalArgumentException("series " + cut.series() + " has "
                                    + cut.facts().length() + " observations" + without + "; a training window needs "
                                    + needed);
                        } else {
                            LOG.warn("series {} has {} observations{}, fewer than a training window's {}: left out",
                                    cut.series(), cut.facts().length(), without, needed);
                        }
                    }
                    return List.of(new TrainingShard(cuts, kind)).iterator();
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<SeriesCut> facts = shards.flatMap(s -> s.cuts().stream().map(SeriesShards::factsOnly).iterator())
                .collect();
        if (facts.isEmpty()) {
            shards.unpersist(false);
            throw new IllegalArgumentException("no series has the " + needed + " observations" + without
                    + " of a training window");
        }
        return new SeriesShards(shards, kind, facts);
    }

    /** A cut without its observations: the name and the facts, which is what the driver needs. */
    private static SeriesCut factsOnly(SeriesCut c) {
        return new SeriesCut(c.series(), new long[0], new double[0], c.facts());
    }

    /** How much of each series training under any of {@code configs} draws from. */
    static TailSpec tail(List<ForecastConfig> configs, TimeKind kind) {
        long window = 0;
        int alignment = 1;
        for (ForecastConfig config : configs) {
            boolean phase = !kind.hasTimes() && config.covariates() != Covariates.NONE && config.season() > 1;
            if (phase) {
                alignment = Math.multiplyExact(alignment / gcd(alignment, config.season()), config.season());
            }
            window = config.recentWindows() == 0 ? Long.MAX_VALUE
                    : Math.max(window, (long) config.recentWindows() + config.trainingLength() - 1);
        }
        return window >= Integer.MAX_VALUE - alignment ? TailSpec.whole() : new TailSpec((int) window, alignment);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    JavaRDD<TrainingShard> rdd() {
        return shards;
    }

    TimeKind kind() {
        return kind;
    }

    /** Every training series' facts (and name), in name order of each partition. */
    List<SeriesCut> facts() {
        return facts;
    }

    /** Training windows per epoch under {@code config}. */
    long windowsPerEpoch(ForecastConfig config) {
        long windows = 0;
        for (SeriesCut c : facts) {
            windows += EpochWindows.count(config, (int) Math.min(Integer.MAX_VALUE, c.facts().length()));
        }
        return windows;
    }

    int partitions() {
        return shards.getNumPartitions();
    }

    /** The training series of the smallest name, as kept: it decides the calendar covariates, as the first series does in single-JVM training. */
    TimeSeries first() {
        String name = facts.stream().map(SeriesCut::series).min(String::compareTo).orElseThrow();
        return shards.flatMap(s -> s.cuts().stream().filter(c -> c.series().equals(name)).iterator())
                .first().toSeries(kind);
    }

    @Override
    public void close() {
        shards.unpersist(false);
    }
}
