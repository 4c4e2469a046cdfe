package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.FitListener;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling-origin evaluation: for each origin, a fresh forecaster is trained on the series up to
 * the origin and scored on the {@code horizon} observations after it, beside seasonal naive.
 * Origins are {@code stride} apart and the last one leaves exactly one horizon at the end.
 */
public final class Backtest {
    private Backtest() {
    }

    /**
     * The score at one origin.
     *
     * @param origin        index of the first forecast observation
     * @param model         the forecaster's accuracy
     * @param seasonalNaive seasonal naive's accuracy on the same split
     */
    public record Fold(int origin, Accuracy model, Accuracy seasonalNaive) {
    }

    /**
     * Runs {@code origins} folds on {@code series}.
     *
     * @param listener told of each fold's training, or null
     */
    public static List<Fold> run(Backend backend, ForecastConfig config, TimeSeries series, int origins, int stride,
                                 FitListener listener) {
        if (origins < 1 || stride < 1) {
            throw new IllegalArgumentException("a backtest needs at least one origin and a positive stride");
        }
        int h = config.horizon();
        int first = series.length() - h - (origins - 1) * stride;
        if (first < config.trainingLength()) {
            throw new IllegalArgumentException("series " + series.name() + " of " + series.length()
                    + " observations is too short for " + origins + " origins " + stride + " apart: the first "
                    + "would leave " + first + " training observations, fewer than a training window of "
                    + config.trainingLength());
        }
        List<Fold> folds = new ArrayList<>();
        for (int k = 0; k < origins; k++) {
            int origin = first + k * stride;
            TimeSeries train = series.slice(0, origin);
            double[] actual = series.slice(origin, origin + h).values();
            Forecaster f = ForecastTrainer.fit(backend, config, List.of(train), listener);
            double[] forecast = f.forecast(train).point();
            double[] naive = Baselines.seasonalNaive(train.values(), h, config.season());
            folds.add(new Fold(origin, Metrics.accuracy(actual, forecast, train.values(), config.season()),
                    Metrics.accuracy(actual, naive, train.values(), config.season())));
        }
        return folds;
    }
}
