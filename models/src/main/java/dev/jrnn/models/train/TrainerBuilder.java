package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Configures a {@link Trainer}. Defaults: 10 epochs, batches of 32, MSE, Adam(1e-3), seed 0. */
public final class TrainerBuilder {
    int epochs = 10;
    int batchSize = 32;
    long seed;
    boolean shuffle = true;
    Loss loss = Loss.mse();
    Function<List<Parameter>, Optimizer> optimizer = ps -> new Adam(ps, 1e-3);
    LearningRateSchedule schedule;
    double clipNorm;
    int patience;
    double minDelta;
    boolean restoreBest = true;
    final List<TrainingListener> listeners = new ArrayList<>();

    TrainerBuilder() {
    }

    public TrainerBuilder epochs(int epochs) {
        this.epochs = positive("epochs", epochs);
        return this;
    }

    public TrainerBuilder batchSize(int batchSize) {
        this.batchSize = positive("batchSize", batchSize);
        return this;
    }

    /** Seed of the batch shuffling; with a seeded model the whole run is reproducible on one backend. */
    public TrainerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether each epoch visits the samples in a new seeded order (true) or in order. */
    public TrainerBuilder shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    public TrainerBuilder loss(Loss loss) {
        this.loss = loss;
        return this;
    }

    /** Makes the optimizer from the model's parameters, for example {@code ps -> new Adam(ps, 0.01)}. */
    public TrainerBuilder optimizer(Function<List<Parameter>, Optimizer> optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** Sets the optimizer's learning rate at the start of every epoch. */
    public TrainerBuilder schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Clips gradients to this global norm before each step; 0 (the default) does not clip. */
    public TrainerBuilder clipNorm(double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("trainer: clipNorm must be >= 0, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Stops when the validation loss has not improved by more than {@code minDelta} for
     * {@code patience} epochs; with {@code restoreBest} the parameters return to the best epoch's
     * values at the end. Needs validation data.
     */
    public TrainerBuilder earlyStopping(int patience, double minDelta, boolean restoreBest) {
        this.patience = positive("patience", patience);
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        return this;
    }

    public TrainerBuilder listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public Trainer build() {
        return new Trainer(this);
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("trainer: " + name + " must be positive, got " + value);
        }
        return value;
    }
}
