package dev.jrnn.forecast.train;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.reference.CountingBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.scale.SeriesScaling;
import dev.jrnn.forecast.scale.WindowEncoder;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingListener;
import java.util.List;

/**
 * Trains one global {@link Forecaster} on windows drawn from all series, as a configuration of the
 * {@link Trainer}: every epoch draws its windows anew ({@code windowsPerSeries} per series, or all
 * of them), each window's input is scaled on its own (or with its series' statistics), the loss is
 * the head's ({@link ForecastNetwork#loss}: squared error, Gaussian NLL or pinball), the optimizer
 * {@link Adam} with gradients clipped to the configured global norm and, step by step, a cosine
 * decay of the learning rate to a tenth over the K steps of training:
 * {@code lr(k) = lr (0.1 + 0.45 (1 + cos(pi k / K)))}. A diverging run throws the trainer's
 * {@link dev.jrnn.models.train.NonFiniteException} or, for the point and quantile heads (whose
 * losses are never negative), its {@link dev.jrnn.models.train.TrainingDivergedException} when the
 * loss ends far above the first step's.
 */
public final class ForecastTrainer {
    /** The learning rate at the end of training, as a fraction of the initial one. */
    private static final double FINAL_RATE = 0.1;

    private ForecastTrainer() {
    }

    /**
     * Trains on {@code series} (each at least {@link ForecastConfig#trainingLength()} long, every
     * value finite: a NaN or infinity is a {@link dev.jrnn.models.train.NonFiniteException} naming
     * the series and the observation).
     *
     * @param listener told of each step and epoch, and given the forecaster after each epoch; or null
     */
    public static Forecaster fit(Backend backend, ForecastConfig config, List<TimeSeries> series,
                                 FitListener listener) {
        check(config, series);
        CalendarEncoder calendar = CalendarEncoder.forSeries(config.covariates(), series.get(0), config.season());
        WindowEncoder encoder = new WindowEncoder(config, calendar);
        SeriesScaling scaling = SeriesScaling.fit(config, series);
        ForecastNetwork network = new ForecastNetwork(backend, config, encoder.inputSize());
        Forecaster model = new Forecaster(config, network, encoder, scaling);
        if (config.epochs() > 0) {
            trainer(config, network, model, listener).fit(new HeadModel(network, config),
                    new WindowDraw(config, series, encoder, scaling), null);
        }
        return model;
    }

    /**
     * What one training step of {@code config} asks of a backend, measured rather than guessed: the
     * real network, loss, clipping and optimizer train on the last two windows of {@code series} at
     * batch 1 on a {@link CountingBackend}, and the second step's calls and matrix-product flops are
     * counted (the first makes the optimizer's state); the flops are then scaled to the configured
     * batch, since every product of the step has the batch as one dimension. Cheap whatever the
     * model's size: two steps at batch 1 on the reference backend. For
     * {@link dev.jrnn.api.backend.Backends#select(String, Workload)}.
     *
     * @param series a series the configuration trains on, at least {@code config.trainingLength() + 1} long
     */
    public static Workload workload(ForecastConfig config, TimeSeries series) {
        if (series.length() < config.trainingLength() + 1) {
            throw new IllegalArgumentException("series " + series.name() + " has " + series.length()
                    + " observations; measuring a training step needs two windows, " + (config.trainingLength() + 1));
        }
        ForecastConfig probe = new ForecastConfig(config.cell(), config.hidden(), config.layers(), config.inputLength(),
                config.horizon(), config.stepSize(), config.season(), config.strategy(), config.output(),
                config.quantiles(), config.intervalLevel(), config.scaling(), config.log(), config.deseasonalise(),
                config.covariates(), 1, config.learningRate(), 1, 0, 0, config.clipNorm(), config.seed(),
                config.dtype(), config.cellOptions(), config.inputSkip());
        CountingBackend counter = new CountingBackend();
        Workload[] second = new Workload[1];
        fit(counter, probe, List.of(series.last(config.trainingLength() + 1)), new FitListener() {
            @Override
            public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
            }

            @Override
            public void stepEnd(int step, int stepsPerEpoch) {
                if (step == 1) {
                    counter.reset();
                } else if (step == 2) {
                    second[0] = counter.workload("");
                }
            }
        });
        if (second[0] == null) {
            throw new IllegalStateException("measuring a training step of " + config.cell() + ": the trainer made"
                    + " fewer than two steps on two windows at batch 1");
        }
        String layers = config.layers() > 1 ? " x " + config.layers() + " layers" : "";
        return second[0].scaleFlops(config.batchSize(), "a training step of " + config.cell() + " hidden "
                + config.hidden() + layers + ", " + config.steps() + " steps, batch " + config.batchSize());
    }

    /**
     * {@link #workload(ForecastConfig, TimeSeries)} measured on the first of {@code series} long
     * enough for two training windows: what a global model over them asks of a backend per step.
     *
     * @throws IllegalArgumentException if no series is long enough
     */
    public static Workload workload(ForecastConfig config, List<TimeSeries> series) {
        return workload(config, series.stream().filter(s -> s.length() > config.trainingLength()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no series of " + series.size() + " has the "
                        + (config.trainingLength() + 1) + " observations of two training windows")));
    }

    private static Trainer trainer(ForecastConfig config, ForecastNetwork network, Forecaster model,
                                   FitListener listener) {
        double rate = config.learningRate();
        var builder = Trainer.builder().epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
                .loss(network.loss()).optimizer(ps -> new Adam(ps, rate))
                .stepSchedule(steps -> LearningRateSchedule.cosineAnnealing(rate, steps, FINAL_RATE * rate));
        if (config.clipNorm() > 0) {
            builder.clipNorm(config.clipNorm());
        }
        if (listener != null) {
            builder.listener(new TrainingListener() {
                @Override
                public void onStep(StepEvent e) {
                    listener.stepEnd(e.step() + 1, e.stepsPerEpoch());
                }

                @Override
                public void onEpoch(EpochEvent e) {
                    listener.epochEnd(e.epoch() + 1, e.epochs(), e.trainingLoss(), e.elapsedNanos() / 1_000_000);
                    listener.epochModel(e.epoch() + 1, model);
                }
            });
        }
        return builder.build();
    }

    private static void check(ForecastConfig config, List<TimeSeries> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to train on");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TimeSeries s : series) {
            s.requireFinite();
            // STANDARD scaling keeps one scaler per name: a second series of the name would take the first's
            if (config.scaling() == ScalingMode.STANDARD && !names.add(s.name())) {
                throw new IllegalArgumentException("series " + s.name() + " appears twice among the training series,"
                        + " and STANDARD scaling keeps one scaler per name; give each series its own name");
            }
            if (s.length() < config.trainingLength()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations; a training window needs " + config.trainingLength() + " (input length "
                        + config.inputLength() + " + " + (config.trainingLength() - config.inputLength())
                        + " ahead): shorten the input length or the horizon, or leave the series out");
            }
            if (s.hasTimes() != series.get(0).hasTimes()) {
                throw new IllegalArgumentException("series " + s.name() + " and " + series.get(0).name()
                        + " differ in having timestamps; a global model needs one kind");
            }
        }
    }
}
