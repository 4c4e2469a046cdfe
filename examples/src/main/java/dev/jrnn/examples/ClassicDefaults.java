package dev.jrnn.examples;

import dev.jrnn.models.forecast.ForecastConfig;
import dev.jrnn.models.forecast.ForecastConfigBuilder;
import dev.jrnn.models.forecast.ScalingMode;
import dev.jrnn.models.forecast.TimeSeries;
import java.util.Arrays;

/**
 * The default configuration for one short series: an LSTM reading two or three seasons (whole days
 * per step for long seasons), the log deseasonalised by the input window's profile and levelled by
 * its last season, a direct quantile head, a training budget sized to the number of windows.
 */
final class ClassicDefaults {
    private ClassicDefaults() {
    }

    static ForecastConfigBuilder builder(TimeSeries train, int season, int horizon) {
        int stepSize = season > 48 ? largestDivisorAtMost(season, 48) : 1;
        int seasons = train.length() >= 8 * season + horizon ? 3 : 2;
        int input = Math.max(seasons * season, stepSize);
        while (input + horizon > train.length() && input - season >= Math.max(season, stepSize)) {
            input -= season;
        }
        boolean positive = Arrays.stream(train.values()).allMatch(v -> v > 0);
        ForecastConfigBuilder b = ForecastConfig.builder(season, horizon).inputLength(input).stepSize(stepSize)
                .log(positive).scaling(ScalingMode.LAST_WINDOW).deseasonalise(season > 1 && input >= season)
                .hidden(32).batchSize(16).learningRate(0.005);
        int windows = Math.max(1, train.length() - input - horizon + 1);
        int stepsWanted = 600;
        int perEpoch = (windows + 15) / 16;
        return b.epochs(Math.max(20, Math.min(300, stepsWanted / perEpoch)));
    }

    private static int largestDivisorAtMost(int n, int limit) {
        for (int d = limit; d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
