package dev.jrnn.forecast.train;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.SeriesLogs;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.train.Samples;
import dev.jrnn.models.train.TrainingData;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training windows of each epoch: every possible window of every series
 * ({@code windowsPerSeries = 0}), or {@code windowsPerSeries} starts drawn uniformly per series and
 * epoch, among the last {@code recentWindows} possible starts when that is set. Each epoch draws
 * from its own generator, seeded by (seed, epoch), so that a run is reproducible; the trainer
 * shuffles the order.
 */
final class WindowDraw implements TrainingData {
    /** Keeps the draws' stream apart from the trainer's shuffling, which is seeded by the same seed. */
    private static final long STREAM = 0x2545F4914F6CDD1DL;

    private final ForecastConfig config;
    private final List<TimeSeries> series;
    private final WindowEncoder encoder;
    private final SeriesScaling scaling;
    private final Samples all;
    /** Each series' logarithms, shared by every epoch's windows. */
    private final SeriesLogs[] logs;

    WindowDraw(ForecastConfig config, List<TimeSeries> series, WindowEncoder encoder, SeriesScaling scaling) {
        this.config = config;
        this.series = List.copyOf(series);
        this.encoder = encoder;
        this.scaling = scaling;
        this.logs = new SeriesLogs[this.series.size()];
        this.all = config.windowsPerSeries() == 0 ? draw(null) : null;
    }

    @Override
    public Samples epoch(int epoch) {
        if (all != null) {
            return all;
        }
        return draw(new SplittableRandom((config.seed() ^ STREAM) + 0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    /** The windows as (series, start) pairs, all of them when {@code random} is null. */
    private Samples draw(SplittableRandom random) {
        int count = 0;
        for (int i = 0; i < series.size(); i++) {
            count += random == null ? starts(i) - first(i) : config.windowsPerSeries();
        }
        int[] seriesIndex = new int[count];
        int[] starts = new int[count];
        int w = 0;
        for (int i = 0; i < series.size(); i++) {
            int first = first(i);
            int last = starts(i);
            int n = random == null ? last - first : config.windowsPerSeries();
            for (int k = 0; k < n; k++) {
                seriesIndex[w] = i;
                starts[w++] = random == null ? first + k : first + random.nextInt(last - first);
            }
        }
        return new WindowSamples(config, series, encoder, scaling, seriesIndex, starts, logs);
    }

    /** The number of possible window starts of series {@code i}. */
    private int starts(int i) {
        return series.get(i).length() - config.trainingLength() + 1;
    }

    /** The first start drawn from: the last {@code recentWindows} starts only, when set. */
    private int first(int i) {
        return config.recentWindows() == 0 ? 0 : Math.max(0, starts(i) - config.recentWindows());
    }
}
