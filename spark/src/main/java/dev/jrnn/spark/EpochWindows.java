package dev.jrnn.spark;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training windows of one partition in one epoch, as (series, start) pairs in a shuffled order:
 * every possible window of each series ({@code windowsPerSeries = 0}) or {@code windowsPerSeries}
 * starts drawn uniformly, among the last {@code recentWindows} possible starts when that is set, as
 * the forecaster's own training draws them. Each series draws from its own generator, seeded by
 * (seed, epoch, series name), so a series gets the same windows whatever partition it lands in.
 *
 * @param seriesIndex each window's series, an index into the partition's series
 * @param starts      each window's first observation
 */
record EpochWindows(int[] seriesIndex, int[] starts) {
    private static final long STREAM = 0x2545F4914F6CDD1DL;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    int size() {
        return starts.length;
    }

    /** The windows a series of {@code length} observations gives per epoch under {@code config}. */
    static int count(ForecastConfig config, int length) {
        int starts = length - config.trainingLength() + 1;
        if (starts <= 0) {
            return 0;
        }
        return config.windowsPerSeries() > 0 ? config.windowsPerSeries() : starts - first(config, starts);
    }

    /** Draws the windows of {@code series} for {@code epoch}, shuffled by (seed, epoch, partition). */
    static EpochWindows draw(ForecastConfig config, List<TimeSeries> series, int epoch, int partition) {
        int total = 0;
        for (TimeSeries s : series) {
            total += count(config, s.length());
        }
        int[] index = new int[total];
        int[] starts = new int[total];
        int w = 0;
        for (int i = 0; i < series.size(); i++) {
            TimeSeries s = series.get(i);
            int last = s.length() - config.trainingLength() + 1;
            if (last <= 0) {
                continue;
            }
            int first = first(config, last);
            if (config.windowsPerSeries() == 0) {
                for (int start = first; start < last; start++) {
                    index[w] = i;
                    starts[w++] = start;
                }
            } else {
                SplittableRandom r = new SplittableRandom(mix(config.seed() ^ STREAM, epoch, nameHash(s.name())));
                for (int k = 0; k < config.windowsPerSeries(); k++) {
                    index[w] = i;
                    starts[w++] = first + r.nextInt(last - first);
                }
            }
        }
        SplittableRandom order = new SplittableRandom(mix(config.seed(), epoch, partition));
        for (int i = total - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            t = starts[i];
            starts[i] = starts[j];
            starts[j] = t;
        }
        return new EpochWindows(index, starts);
    }

    private static int first(ForecastConfig config, int starts) {
        return config.recentWindows() == 0 ? 0 : Math.max(0, starts - config.recentWindows());
    }

    /** A seed for (seed, a, b); SplittableRandom mixes its seed, so nearby seeds give unrelated streams. */
    private static long mix(long seed, long a, long b) {
        return seed + GOLDEN * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
    }

    /** FNV-1a over the name's characters: the same on every JVM. */
    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
