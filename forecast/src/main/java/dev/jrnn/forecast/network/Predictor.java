package dev.jrnn.forecast.network;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.SeriesClock;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.WindowEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the network's output after an input sequence into forecasts in raw units: read off the
 * direct head, or run the recursive head on, feeding each point forecast back with the state carried.
 */
public final class Predictor {
    private final ForecastConfig config;
    private final ForecastNetwork network;
    private final WindowEncoder encoder;
    private final HeadDecoder decoder;

    /**
     * Where one series stands.
     *
     * @param name        the series
     * @param clock       its timestamps
     * @param nextIndex   index of the first step to forecast
     * @param windowStart index that scaler positions count from
     * @param scaler      the series' scaler
     */
    public record Context(String name, SeriesClock clock, long nextIndex, long windowStart, Scaler scaler) {
    }

    public Predictor(ForecastConfig config, ForecastNetwork network, WindowEncoder encoder) {
        this.config = config;
        this.network = network;
        this.encoder = encoder;
        this.decoder = new HeadDecoder(config);
    }

    /** Runs {@code x} [T, B, I] from {@code state} (null: zeros) without recording gradients. */
    public Output run(double[] x, int steps, int batch, RecurrentState state) {
        return run(x, steps, batch, state, null);
    }

    /**
     * {@link #run(double[], int, int, RecurrentState)} with the input skip reading {@code window},
     * the scaled observations of each row's input window ([B, inputLength]), or null to read them from x.
     */
    public Output run(double[] x, int steps, int batch, RecurrentState state, double[] window) {
        try (Autograd.NoGrad g = Autograd.noGrad(); TensorScope scope = TensorScope.open()) {
            Tensor input = network.backend().fromArray(x, Shape.of(steps, batch, encoder.inputSize()),
                    config.dtype());
            Tensor windowTensor = window == null || !network.hasInputSkip() ? null
                    : network.backend().fromArray(window, Shape.of(batch, config.inputLength()), config.dtype());
            ForecastNetwork.Pass pass = network.forward(input, state, false, windowTensor);
            return new Output(pass.head().value().toDoubleArray(), pass.state());
        }
    }

    /**
     * The network's output after a run, on the host.
     *
     * @param head  the head's outputs of the last step, [B, outputs]
     * @param state the recurrent state after the last step
     */
    public record Output(double[] head, RecurrentState state) {
    }

    /**
     * Forecasts from the head output {@code head} ([B, outputs]) and the state after the inputs;
     * the recursive strategy's passes run under one lease, so with one weight set.
     */
    public List<Forecast> predict(List<Context> contexts, double[] head, RecurrentState state) {
        int b = contexts.size();
        int h = config.horizon();
        double[][] point = new double[b][h];
        double[][] lower = new double[b][h];
        double[][] upper = new double[b][h];
        if (config.strategy() == Strategy.DIRECT) {
            for (int r = 0; r < b; r++) {
                for (int s = 0; s < h; s++) {
                    decoder.decode(head, r * h + s, point[r], lower[r], upper[r], s);
                }
            }
        } else {
            try (WeightGuard.Lease weights = network.guard().read()) {
                recursive(contexts, head, state, point, lower, upper);
            }
        }
        List<Forecast> out = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            Context c = contexts.get(r);
            for (int s = 0; s < h; s++) {
                int position = (int) (c.nextIndex() + s - c.windowStart());
                point[r][s] = c.scaler().invert(point[r][s], position);
                lower[r][s] = c.scaler().invert(lower[r][s], position);
                upper[r][s] = c.scaler().invert(upper[r][s], position);
            }
            out.add(new Forecast(c.name(), point[r], lower[r], upper[r], config.intervalLevel(),
                    c.clock().range(c.nextIndex(), h)));
        }
        return out;
    }

    private void recursive(List<Context> contexts, double[] head, RecurrentState state, double[][] point,
                           double[][] lower, double[][] upper) {
        int b = contexts.size();
        double[] out = head;
        RecurrentState carried = state;
        double[] x = new double[b * encoder.inputSize()];
        for (int s = 0; ; s++) {
            for (int r = 0; r < b; r++) {
                decoder.decode(out, r, point[r], lower[r], upper[r], s);
            }
            if (s == config.horizon() - 1) {
                return;
            }
            for (int r = 0; r < b; r++) {
                Context c = contexts.get(r);
                long next = c.nextIndex() + s + 1;
                encoder.step(new double[] {point[r][s]}, c.clock().at(next), next, x, r);
            }
            Output step = run(x, 1, b, carried);
            out = step.head();
            carried = step.state();
        }
    }
}
