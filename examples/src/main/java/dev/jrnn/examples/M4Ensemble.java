package dev.jrnn.examples;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.forecast.Forecast;
import dev.jrnn.models.forecast.ForecastConfig;
import dev.jrnn.models.forecast.ForecastTrainer;
import dev.jrnn.models.forecast.Forecaster;
import dev.jrnn.models.forecast.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains {@code size} global forecasters that differ only in their seed and takes, per series and
 * step, the median of their point forecasts.
 */
final class M4Ensemble {
    private final Backend backend;
    private final ForecastConfig config;
    private final int size;
    private final boolean quiet;

    M4Ensemble(Backend backend, ForecastConfig config, int size, boolean quiet) {
        if (size < 1) {
            throw new IllegalArgumentException("--ensemble must be at least 1, got " + size);
        }
        this.backend = backend;
        this.config = config;
        this.size = size;
        this.quiet = quiet;
    }

    List<double[]> forecast(List<TimeSeries> history) {
        List<List<Forecast>> members = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            ForecastConfig c = new ForecastConfig(config.cell(), config.hidden(), config.layers(),
                    config.inputLength(), config.horizon(), config.stepSize(), config.season(), config.strategy(),
                    config.output(), config.quantiles(), config.intervalLevel(), config.scaling(), config.log(),
                    config.deseasonalise(), config.covariates(), config.epochs(), config.learningRate(),
                    config.batchSize(), config.windowsPerSeries(), config.clipNorm(), config.seed() + 1000L * k,
                    config.dtype());
            Forecaster f;
            try (TrainingProgress bar = new TrainingProgress("model " + (k + 1) + "/" + size, c.epochs(), System.err)) {
                f = ForecastTrainer.fit(backend, c, history, quiet ? null : bar);
            }
            members.add(f.forecastAll(history));
        }
        List<double[]> out = new ArrayList<>();
        double[] values = new double[size];
        for (int i = 0; i < history.size(); i++) {
            double[] point = new double[config.horizon()];
            for (int t = 0; t < point.length; t++) {
                for (int k = 0; k < size; k++) {
                    values[k] = members.get(k).get(i).point()[t];
                }
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                point[t] = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
            }
            out.add(point);
        }
        return out;
    }
}
