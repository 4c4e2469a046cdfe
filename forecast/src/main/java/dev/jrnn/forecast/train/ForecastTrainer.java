package dev.jrnn.forecast.train;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.network.ForecastNetwork;
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
        for (TimeSeries s : series) {
            s.requireFinite();
            if (s.length() < config.trainingLength()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.length()
                        + " observations; a training window needs " + config.trainingLength() + " (input length "
                        + config.inputLength() + " + " + (config.trainingLength() - config.inputLength())
                        + " ahead): shorten the input length or the horizon");
            }
            if (s.hasTimes() != series.get(0).hasTimes()) {
                throw new IllegalArgumentException("series " + s.name() + " and " + series.get(0).name()
                        + " differ in having timestamps; a global model needs one kind");
            }
        }
    }
}
