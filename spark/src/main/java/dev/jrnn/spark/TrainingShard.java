package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.scale.SeriesScaling;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of one partition for training, kept in memory across the rounds (a cached RDD of one
 * shard per partition): the kept observations of each series, ordered by name, as
 * {@link TimeSeries}, their scaling decided on the facts of each whole series, and the last epoch's
 * windows, which every round of that epoch slices.
 */
final class TrainingShard implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final List<SeriesCut> cuts;
    private final TimeKind kind;
    private transient List<TimeSeries> series;
    private transient SeriesScaling scaling;
    private transient int windowsEpoch = -1;
    private transient EpochWindows windows;

    TrainingShard(List<SeriesCut> cuts, TimeKind kind) {
        List<SeriesCut> sorted = new ArrayList<>(cuts);
        sorted.sort(Comparator.comparing(SeriesCut::series));
        this.cuts = List.copyOf(sorted);
        this.kind = kind;
    }

    List<SeriesCut> cuts() {
        return cuts;
    }

    synchronized List<TimeSeries> series() {
        if (series == null) {
            List<TimeSeries> out = new ArrayList<>(cuts.size());
            for (SeriesCut c : cuts) {
                out.add(c.toSeries(kind));
            }
            series = out;
        }
        return series;
    }

    /** The scaling of these series under {@code config}, decided on their whole histories. */
    synchronized SeriesScaling scaling(ForecastConfig config) {
        if (scaling == null) {
            scaling = scaling(config, cuts);
        }
        return scaling;
    }

    /** {@code SeriesScaling.fit} of the whole series, from their facts. */
    static SeriesScaling scaling(ForecastConfig config, List<SeriesCut> cuts) {
        Map<String, Boolean> logs = new HashMap<>();
        Map<String, Scaler> standard = new HashMap<>();
        for (SeriesCut c : cuts) {
            if (config.log()) {
                logs.put(c.series(), c.facts().positive());
            }
            if (config.scaling() == ScalingMode.STANDARD) {
                standard.put(c.series(), c.facts().standard(config));
            }
        }
        return new SeriesScaling(config, logs, standard);
    }

    /** The windows of {@code epoch}, drawn once per epoch. */
    synchronized EpochWindows windows(ForecastConfig config, int epoch, int partition) {
        if (windowsEpoch != epoch) {
            windows = EpochWindows.draw(config, series(), epoch, partition);
            windowsEpoch = epoch;
        }
        return windows;
    }

    /** Windows per epoch of these series. */
    long windowCount(ForecastConfig config) {
        long n = 0;
        for (SeriesCut c : cuts) {
            n += EpochWindows.count(config, c.length());
        }
        return n;
    }
}
