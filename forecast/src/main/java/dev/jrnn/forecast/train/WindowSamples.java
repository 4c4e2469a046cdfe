package dev.jrnn.forecast.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesLogs;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.train.Samples;
import java.util.List;

/**
 * An epoch's training windows, each a (series, start) pair, encoded only when a batch asks for
 * them (a global model's windows of all series would not fit in memory at once). A window's input
 * is its {@code inputLength} observations, scaled on their own (or with the series' statistics),
 * as {@code steps} recurrent steps: [T, I]; its target, scaled alike, is the {@code horizon}
 * observations after it (direct strategy, [H]) or each step's next observation (recursive, [T]).
 * Public so that a trainer other than {@link ForecastTrainer}'s (a distributed one) encodes
 * windows of its own choosing exactly as training does.
 */
public final class WindowSamples implements Samples {
    private final ForecastConfig config;
    private final List<TimeSeries> series;
    private final WindowEncoder encoder;
    private final SeriesScaling scaling;
    private final int[] seriesIndex;
    private final int[] starts;
    /** Each series' logarithms, taken when a window of it is first encoded; may be shared by several epochs' samples. */
    private final SeriesLogs[] logs;
    /** The scalers of the last batch encoded: the trainer asks for its targets right after its inputs. */
    private int[] lastBatch;
    private Scaler[] lastScalers;

    /**
     * Window {@code w} starts at observation {@code starts[w]} of {@code series.get(seriesIndex[w])};
     * each start leaves room for a whole window ({@link ForecastConfig#trainingLength()} observations).
     * The arrays are not copied.
     */
    public WindowSamples(ForecastConfig config, List<TimeSeries> series, WindowEncoder encoder, SeriesScaling scaling,
                         int[] seriesIndex, int[] starts) {
        this(config, series, encoder, scaling, seriesIndex, starts, new SeriesLogs[series.size()]);
    }

    /**
     * As {@link #WindowSamples(ForecastConfig, List, WindowEncoder, SeriesScaling, int[], int[])},
     * reading and filling {@code logs} ({@code logs[i]} of {@code series.get(i)}, null until first
     * needed), which the samples of other epochs over the same series may share.
     */
    WindowSamples(ForecastConfig config, List<TimeSeries> series, WindowEncoder encoder, SeriesScaling scaling,
                  int[] seriesIndex, int[] starts, SeriesLogs[] logs) {
        if (logs.length != series.size()) {
            throw new IllegalArgumentException("logs of " + logs.length + " series for " + series.size());
        }
        this.logs = logs;
        this.config = config;
        this.series = series;
        this.encoder = encoder;
        this.scaling = scaling;
        this.seriesIndex = seriesIndex;
        this.starts = starts;
    }

    @Override
    public int size() {
        return starts.length;
    }

    @Override
    public Shape inputShape() {
        return Shape.of(config.steps(), encoder.inputSize());
    }

    @Override
    public Shape targetShape() {
        return Shape.of(direct() ? config.horizon() : config.steps());
    }

    @Override
    public Tensor inputs(int[] indices, Backend backend, DType dtype) {
        Scaler[] scalers = scalers(indices);
        int steps = config.steps();
        int in = encoder.inputSize();
        double[] x = new double[indices.length * steps * in];
        for (int r = 0; r < indices.length; r++) {
            // batch-first [B, T, I]: window r's steps are rows r*T .. r*T + T-1, as one window of a batch of 1 at row r*T
            encoder.inputs(logs(seriesIndex[indices[r]]), starts[indices[r]], steps, scalers[r], x, r * steps, 1);
        }
        return backend.fromArray(x, inputShape().insert(0, indices.length), dtype);
    }

    @Override
    public Tensor targets(int[] indices, Backend backend, DType dtype) {
        Scaler[] scalers = scalers(indices);
        int n = targetShape().size();
        double[] y = new double[indices.length * n];
        for (int r = 0; r < indices.length; r++) {
            int start = starts[indices[r]];
            // direct: the horizon after the input; recursive: each step's next observation
            int from = direct() ? start + config.inputLength() : start + 1;
            WindowEncoder.targets(logs(seriesIndex[indices[r]]), start, from, n, scalers[r], y, r * n);
        }
        return backend.fromArray(y, targetShape().insert(0, indices.length), dtype);
    }

    private boolean direct() {
        return config.strategy() == Strategy.DIRECT;
    }

    private SeriesLogs logs(int i) {
        SeriesLogs l = logs[i];
        if (l == null) {
            l = SeriesLogs.of(series.get(i));
            logs[i] = l;
        }
        return l;
    }

    private Scaler[] scalers(int[] indices) {
        if (indices != lastBatch) {
            Scaler[] scalers = new Scaler[indices.length];
            for (int r = 0; r < indices.length; r++) {
                scalers[r] = scaling.scaler(logs(seriesIndex[indices[r]]), starts[indices[r]]);
            }
            lastBatch = indices;
            lastScalers = scalers;
        }
        return lastScalers;
    }
}
