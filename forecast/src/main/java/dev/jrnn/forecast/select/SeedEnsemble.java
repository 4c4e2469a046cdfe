package dev.jrnn.forecast.select;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.FitListener;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.train.NonFiniteException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Forecasts one series with several forecasters that differ only in their seed, each contributing
 * the forecasts of its last {@code snapshots} epochs (a snapshot ensemble: one forward pass per
 * snapshot); point, lower and upper bound are the medians over all of them, step by step.
 */
public final class SeedEnsemble {
    private final Backend backend;
    private final int size;
    private final int snapshots;

    /**
     * @param size      forecasters trained, seeds {@code seed, seed + 1000, ...}
     * @param snapshots epochs at the end of each training whose forecasts count
     */
    public SeedEnsemble(Backend backend, int size, int snapshots) {
        if (size < 1 || snapshots < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one member and one snapshot");
        }
        this.backend = backend;
        this.size = size;
        this.snapshots = snapshots;
    }

    /**
     * The outcome of a fit.
     *
     * @param forecast the median forecast of the {@code horizon} observations after the training series
     * @param first    the first member, as trained to the end (for saving)
     */
    public record Result(Forecast forecast, Forecaster first) {
    }

    /**
     * Trains the members on {@code train} and forecasts what follows it.
     *
     * @param listeners the listener of member {@code k} (0-based), or a function returning null
     */
    public Result fit(ForecastConfig config, TimeSeries train, IntFunction<FitListener> listeners) {
        return fit(config, train, List.of(), listeners);
    }

    /**
     * Trains the members as one global model on {@code train} and {@code companions} (windows of all of
     * them, each scaled on its own) and forecasts what follows {@code train}.
     *
     * @param listeners the listener of member {@code k} (0-based), or a function returning null
     */
    public Result fit(ForecastConfig config, TimeSeries train, List<TimeSeries> companions,
                      IntFunction<FitListener> listeners) {
        List<TimeSeries> all = new ArrayList<>();
        all.add(train);
        all.addAll(companions);
        Global global = fitGlobal(config, all, List.of(train), listeners);
        return new Result(global.forecasts().get(0), global.first());
    }

    /**
     * The outcome of a global fit.
     *
     * @param forecasts the median forecast of each series forecast, in the order given
     * @param first     the first member, as trained to the end
     * @param snapshots a copy of every network whose forecasts joined the median: as an
     *                  {@link NetworkEnsemble} they forecast exactly {@code forecasts}
     */
    public record Global(List<Forecast> forecasts, Forecaster first, List<Forecaster> snapshots) {
        /** The snapshots as one forecasting method named {@code name}. */
        public NetworkEnsemble ensemble(String name) {
            return new NetworkEnsemble(name, snapshots);
        }
    }

    /**
     * Trains the members as one global model on {@code training} and forecasts what follows each of
     * {@code forecast} (one batch per snapshot); each series' forecast is the median over members and
     * snapshots.
     *
     * @param listeners the listener of member {@code k} (0-based), or a function returning null
     */
    public Global fitGlobal(ForecastConfig config, List<TimeSeries> training, List<TimeSeries> forecast,
                            IntFunction<FitListener> listeners) {
        List<List<Forecast>> taken = new ArrayList<>();
        List<Forecaster> kept = new ArrayList<>();
        Forecaster first = null;
        for (int k = 0; k < size; k++) {
            ForecastConfig c = config.withSeed(config.seed() + 1000L * k);
            FitListener outer = listeners.apply(k);
            int firstTaken = Math.max(1, c.epochs() - snapshots + 1);
            FitListener listener = new FitListener() {
                @Override
                public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
                    if (outer != null) {
                        outer.epochEnd(epoch, epochs, loss, elapsedMs);
                    }
                }

                @Override
                public void stepEnd(int step, int stepsPerEpoch) {
                    if (outer != null) {
                        outer.stepEnd(step, stepsPerEpoch);
                    }
                }

                @Override
                public void epochModel(int epoch, Forecaster model) {
                    if (epoch >= firstTaken) {
                        try {
                            taken.add(model.forecastAll(forecast));
                        } catch (NonFiniteException e) {
                            throw new NonFiniteException(e.getMessage() + " with the weights of epoch " + epoch + " of "
                                    + c.epochs() + " (seed " + c.seed() + "): the training diverged");
                        }
                        kept.add(model.copy());
                    }
                }
            };
            Forecaster f = ForecastTrainer.fit(backend, c, training, listener);
            if (c.epochs() == 0) {
                taken.add(f.forecastAll(forecast));
                kept.add(f);
            }
            if (first == null) {
                first = f;
            }
        }
        List<Forecast> medians = new ArrayList<>();
        for (int i = 0; i < forecast.size(); i++) {
            int series = i;
            medians.add(median(taken.stream().map(t -> t.get(series)).toList()));
        }
        return new Global(medians, first, kept);
    }

    /** The step-by-step median of point, lower and upper bound of forecasts of one series. */
    public static Forecast median(List<Forecast> all) {
        Forecast a = all.get(0);
        int h = a.horizon();
        double[] point = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        double[] v = new double[all.size()];
        for (int t = 0; t < h; t++) {
            point[t] = median(all, t, v, 0);
            lower[t] = median(all, t, v, 1);
            upper[t] = median(all, t, v, 2);
        }
        return new Forecast(a.series(), point, lower, upper, a.level(), a.times());
    }

    private static double median(List<Forecast> all, int t, double[] v, int which) {
        for (int i = 0; i < v.length; i++) {
            Forecast f = all.get(i);
            v[i] = which == 0 ? f.point()[t] : which == 1 ? f.lower()[t] : f.upper()[t];
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
