package dev.jrnn.examples;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.forecast.FitListener;
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
 * step, the median of their point forecasts; with {@code snapshots > 1} each member contributes
 * the forecasts of its last {@code snapshots} epochs (all of them when it trains fewer) (a snapshot ensemble, nearly free:
 * one forward pass per snapshot).
 */
final class M4Ensemble {
    private final Backend backend;
    private final ForecastConfig config;
    private final int size;
    private final int snapshots;
    private final boolean quiet;

    M4Ensemble(Backend backend, ForecastConfig config, int size, int snapshots, boolean quiet) {
        if (size < 1) {
            throw new IllegalArgumentException("--ensemble must be at least 1, got " + size);
        }
        if (snapshots < 1) {
            throw new IllegalArgumentException("--snapshots must be at least 1, got " + snapshots);
        }
        this.backend = backend;
        this.config = config;
        this.size = size;
        this.snapshots = snapshots;
        this.quiet = quiet;
    }

    List<double[]> forecast(List<TimeSeries> history) {
        List<List<Forecast>> members = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            ForecastConfig c = config.withSeed(config.seed() + 1000L * k);
            List<List<Forecast>> taken = new ArrayList<>();
            Forecaster f;
            try (TrainingProgress bar = new TrainingProgress("model " + (k + 1) + "/" + size, c.epochs(), System.err)) {
                FitListener listener = new FitListener() {
                    @Override
                    public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
                        if (!quiet) {
                            bar.epochEnd(epoch, epochs, loss, elapsedMs);
                        }
                    }

                    @Override
                    public void stepEnd(int step, int stepsPerEpoch) {
                        if (!quiet) {
                            bar.stepEnd(step, stepsPerEpoch);
                        }
                    }

                    @Override
                    public void epochModel(int epoch, Forecaster model) {
                        if (epoch > c.epochs() - snapshots && epoch < c.epochs()) {
                            taken.add(model.forecastAll(history));
                        }
                    }
                };
                f = ForecastTrainer.fit(backend, c, history, listener);
            }
            taken.add(f.forecastAll(history));
            members.addAll(taken);
        }
        int n = members.size();
        List<double[]> out = new ArrayList<>();
        double[] values = new double[n];
        for (int i = 0; i < history.size(); i++) {
            double[] point = new double[config.horizon()];
            for (int t = 0; t < point.length; t++) {
                for (int k = 0; k < n; k++) {
                    values[k] = members.get(k).get(i).point()[t];
                }
                Arrays.sort(values);
                point[t] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            }
            out.add(point);
        }
        return out;
    }
}
