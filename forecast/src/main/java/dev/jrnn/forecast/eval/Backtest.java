package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rolling-origin evaluation: at each origin, a forecaster fitted afresh on the series up to the
 * origin is scored on the {@code horizon} observations after it, beside seasonal naive. Origins
 * are {@code stride} apart and the last one leaves exactly one horizon at the end.
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
     * @param minimum  observations the forecaster needs before the first origin
     * @param forecast fits on the history it is given and forecasts the {@code horizon} steps after it
     */
    public static List<Fold> run(TimeSeries series, int horizon, int season, int origins, int stride, int minimum,
                                 Function<TimeSeries, Forecast> forecast) {
        if (origins < 1 || stride < 1) {
            throw new IllegalArgumentException("a backtest needs at least one origin and a positive stride");
        }
        int first = series.length() - horizon - (origins - 1) * stride;
        int fit = Math.max(minimum, season + 1);
        if (first < fit) {
            throw new IllegalArgumentException("series " + series.name() + " of " + series.length()
                    + " observations is too short for " + origins + " origins " + stride + " apart: they need "
                    + (fit + (origins - 1) * stride + horizon) + " (" + fit + " to fit on before the first origin, "
                    + (origins - 1) * stride + " from the first origin to the last, a horizon of " + horizon + " after it)");
        }
        List<Fold> folds = new ArrayList<>();
        for (int k = 0; k < origins; k++) {
            int origin = first + k * stride;
            TimeSeries train = series.slice(0, origin);
            double[] actual = series.slice(origin, origin + horizon).values();
            double[] f = forecast.apply(train).point();
            double[] naive = Baselines.seasonalNaive(train.values(), horizon, season);
            folds.add(new Fold(origin, Metrics.accuracy(actual, f, train.values(), season),
                    Metrics.accuracy(actual, naive, train.values(), season)));
        }
        return folds;
    }
}
