package dev.jrnn.forecast;

import dev.jrnn.forecast.network.Predictor;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.train.NonFiniteException;
import java.util.Arrays;
import java.util.List;

/**
 * A forecaster following one live series: each {@link #update} steps the network over only the
 * new observations from the carried recurrent state, with the scaling frozen when the stream was
 * opened, and returns the new forecast. Observations are consumed in whole steps of
 * {@code stepSize}; a partial step waits for the rest. The stream keeps the scaled observations of
 * the latest input window too, for a head with the input skip, which reads them.
 */
public final class StreamingForecast {
    private final ForecastConfig config;
    private final WindowEncoder encoder;
    private final Predictor predictor;
    private final Predictor.Context opened;
    private long nextIndex;
    private Predictor.Output last;
    private double[] pending = new double[0];
    /** The scaled observations of the latest {@code inputLength}, oldest first. */
    private final double[] window;

    /** @param window the scaled observations of the warm-up's input window, which the stream takes over */
    StreamingForecast(ForecastConfig config, WindowEncoder encoder, Predictor predictor, Predictor.Context opened,
                      Predictor.Output warmUp, double[] window) {
        if (window.length != config.inputLength()) {
            throw new IllegalArgumentException("a stream's window holds " + config.inputLength()
                    + " observations, got " + window.length);
        }
        this.window = window;
        this.config = config;
        this.encoder = encoder;
        this.predictor = predictor;
        this.opened = opened;
        this.nextIndex = opened.nextIndex();
        this.last = warmUp;
    }

    /**
     * Consumes the newest observations, oldest first, and returns the forecast after them.
     *
     * @throws NonFiniteException naming the series and the value when one is NaN or infinite (the
     *                            stream is left as it was), or when the forecast is not finite
     */
    public Forecast update(double... values) {
        int bad = NonFiniteException.firstNonFinite(values);
        if (bad >= 0) {
            throw new NonFiniteException("series " + opened.name() + ": the new observation " + (bad + 1) + " of "
                    + values.length + " is " + values[bad] + "; a stream takes finite values only");
        }
        double[] all = Arrays.copyOf(pending, pending.length + values.length);
        System.arraycopy(values, 0, all, pending.length, values.length);
        int size = config.stepSize();
        int whole = all.length / size;
        if (whole > 0) {
            double[] x = new double[whole * encoder.inputSize()];
            double[] chunk = new double[size];
            for (int k = 0; k < whole; k++) {
                for (int j = 0; j < size; j++) {
                    long index = nextIndex + (long) k * size + j;
                    if (opened.scaler().log() && !(all[k * size + j] > 0)) {
                        throw new IllegalArgumentException("series " + opened.name() + " is log-scaled in this stream;"
                                + " the value " + all[k * size + j] + " has no logarithm (open a new stream)");
                    }
                    chunk[j] = opened.scaler().apply(all[k * size + j], (int) (index - opened.windowStart()));
                }
                long next = nextIndex + (long) (k + 1) * size;
                encoder.step(chunk, opened.clock().at(next), next, x, k);
            }
            double[] moved = window.clone();
            for (int k = 0; k < whole; k++) {
                System.arraycopy(moved, size, moved, 0, moved.length - size);
                System.arraycopy(x, k * encoder.inputSize(), moved, moved.length - size, size);
            }
            last = predictor.run(x, whole, 1, last.state(), moved);
            System.arraycopy(moved, 0, window, 0, window.length);
            nextIndex += (long) whole * size;
        }
        pending = Arrays.copyOfRange(all, whole * size, all.length);
        return forecast();
    }

    /** The forecast after the observations consumed so far. */
    public Forecast forecast() {
        if (pending.length > 0) {
            throw new IllegalStateException("stream of series " + opened.name() + " holds " + pending.length
                    + " observations of an incomplete step of " + config.stepSize() + "; feed the rest first");
        }
        Predictor.Context now = new Predictor.Context(opened.name(), opened.clock(), nextIndex, opened.windowStart(),
                opened.scaler());
        return predictor.predict(List.of(now), last.head(), last.state()).get(0).requireFinite();
    }

    /** Observations of the series seen so far, history included. */
    public long observations() {
        return nextIndex + pending.length;
    }
}
