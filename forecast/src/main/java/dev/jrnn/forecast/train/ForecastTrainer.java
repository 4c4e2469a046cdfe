package dev.jrnn.forecast.train;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.network.HeadLoss;
import dev.jrnn.forecast.scale.Scaler;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one global {@link Forecaster} on windows drawn from all series: each window's input is
 * scaled on its own (or with its series' statistics), the loss is the head's (squared error,
 * Gaussian NLL or pinball), the optimizer {@link Adam} with {@link GradientClipping} by global norm
 * and, step by step, a cosine decay of the learning rate to a tenth:
 * {@code lr(k) = lr (0.1 + 0.45 (1 + cos(pi k / K)))} over the K steps of training.
 */
public final class ForecastTrainer {
    /** The learning rate at the end of training, as a fraction of the initial one. */
    private static final double FINAL_RATE = 0.1;

    private ForecastTrainer() {
    }

    /**
     * Trains on {@code series} (each at least {@link ForecastConfig#trainingLength()} long).
     *
     * @param listener told of each epoch, or null
     */
    public static Forecaster fit(Backend backend, ForecastConfig config, List<TimeSeries> series,
                                 FitListener listener) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to train on");
        }
        for (TimeSeries s : series) {
            if (s.length() < config.trainingLength()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations; a training window needs " + config.trainingLength() + " (input length "
                        + config.inputLength() + " + " + (config.trainingLength() - config.inputLength())
                        + " ahead): shorten --input-length or the horizon");
            }
            if (s.hasTimes() != series.get(0).hasTimes()) {
                throw new IllegalArgumentException("series " + s.name() + " and " + series.get(0).name()
                        + " differ in having timestamps; a global model needs one kind");
            }
        }
        CalendarEncoder calendar = CalendarEncoder.forSeries(config.covariates(), series.get(0), config.season());
        WindowEncoder encoder = new WindowEncoder(config, calendar);
        SeriesScaling scaling = SeriesScaling.fit(config, series);
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
        Forecaster model = new Forecaster(config, network, encoder, scaling);
        new Loop(config, series, encoder, scaling, network, model, listener).run();
        return model;
    }

    /** The training loop's state. */
    private record Loop(ForecastConfig config, List<TimeSeries> series, WindowEncoder encoder,
                        SeriesScaling scaling, ForecastNetwork network, Forecaster model,
                        FitListener listener) {

        void run() {
            List<Parameter> params = network.parameters();
            SplittableRandom random = new SplittableRandom(config.seed());
            long started = System.currentTimeMillis();
            int batches = -1;
            LearningRateSchedule schedule = null;
            try (Adam adam = new Adam(params, config.learningRate())) {
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    List<long[]> windows = sample(random);
                    if (schedule == null) {
                        batches = (windows.size() + config.batchSize() - 1) / config.batchSize();
                        schedule = LearningRateSchedule.cosineAnnealing(config.learningRate(),
                                config.epochs() * batches, FINAL_RATE * config.learningRate());
                    }
                    double total = 0;
                    for (int k = 0; k < batches; k++) {
                        List<long[]> batch = windows.subList(k * config.batchSize(),
                                Math.min(windows.size(), (k + 1) * config.batchSize()));
                        adam.setLearningRate(schedule.rate((epoch - 1) * batches + k));
                        total += step(batch, adam);
                        if (listener != null) {
                            listener.stepEnd(k + 1, batches);
                        }
                    }
                    if (listener != null) {
                        listener.epochEnd(epoch, config.epochs(), total / batches,
                                System.currentTimeMillis() - started);
                        listener.epochModel(epoch, model);
                    }
                }
            }
        }

        /** Windows of this epoch as (series index, start), shuffled. */
        private List<long[]> sample(SplittableRandom random) {
            List<long[]> windows = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                int starts = series.get(i).length() - config.trainingLength() + 1;
                int first = config.recentWindows() == 0 ? 0 : Math.max(0, starts - config.recentWindows());
                if (config.windowsPerSeries() == 0) {
                    for (int s = first; s < starts; s++) {
                        windows.add(new long[] {i, s});
                    }
                } else {
                    for (int w = 0; w < config.windowsPerSeries(); w++) {
                        windows.add(new long[] {i, first + random.nextInt(starts - first)});
                    }
                }
            }
            for (int i = windows.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long[] t = windows.get(i);
                windows.set(i, windows.get(j));
                windows.set(j, t);
            }
            return windows;
        }

        private double step(List<long[]> batch, Adam adam) {
            int b = batch.size();
            int steps = config.steps();
            boolean direct = config.strategy() == Strategy.DIRECT;
            double[] x = new double[steps * b * encoder.inputSize()];
            double[] y = new double[direct ? b * config.horizon() : steps * b];
            double[] one = new double[steps];
            for (int r = 0; r < b; r++) {
                TimeSeries s = series.get((int) batch.get(r)[0]);
                int start = (int) batch.get(r)[1];
                Scaler scaler = scaling.scaler(s, start);
                encoder.inputs(s, start, steps, scaler, x, r, b);
                if (direct) {
                    WindowEncoder.targets(s, start, start + config.inputLength(), config.horizon(), scaler, y,
                            r * config.horizon());
                } else {
                    WindowEncoder.targets(s, start, start + 1, steps, scaler, one, 0);
                    for (int t = 0; t < steps; t++) {
                        y[t * b + r] = one[t];
                    }
                }
            }
            try (TensorScope scope = TensorScope.open()) {
                Tensor input = network.backend().fromArray(x, Shape.of(steps, b, encoder.inputSize()), config.dtype());
                ForecastNetwork.Pass pass = network.forward(input, null, !direct);
                double[] out = pass.head().value().toDoubleArray();
                double[] grad = new double[out.length];
                double loss = HeadLoss.lossAndGradient(config.output(), config.quantiles(), out, y, grad);
                Tensor seed = network.backend().fromArray(grad, pass.head().shape(), config.dtype());
                Autograd.backward(List.of(pass.head()), List.of(seed));
                double norm = config.clipNorm() > 0
                        ? GradientClipping.clipByGlobalNorm(adam.parameters(), config.clipNorm())
                        : GradientClipping.globalNorm(adam.parameters());
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    adam.zeroGrad();
                    throw new ArithmeticException("training diverged: loss " + loss + ", gradient norm " + norm
                            + " (lower the learning rate)");
                }
                adam.step();
                adam.zeroGrad();
                adam.keepIn(scope);
                return loss;
            }
        }
    }
}
