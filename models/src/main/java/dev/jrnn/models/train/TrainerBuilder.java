package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.optim.ReduceLrOnPlateau;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Configures a {@link Trainer}. Defaults: 10 epochs, batches of 32, shuffled, MSE, Adam(1e-3),
 * seed 0, a constant learning rate, no clipping, no early stopping, whole sequences back-propagated,
 * the divergence limits 10 and 1000 ({@link #divergenceLimits}).
 */
public final class TrainerBuilder {
    int epochs = 10;
    int batchSize = 32;
    long seed;
    boolean shuffle = true;
    Loss loss = Loss.mse();
    Function<List<Parameter>, Optimizer> optimizer = ps -> new Adam(ps, 1e-3);
    LearningRateSchedule schedule;
    IntFunction<LearningRateSchedule> stepSchedule;
    int maxSteps;
    int bpttLength;
    int batchesPerPool;
    double clipNorm;
    int patience;
    double minDelta;
    boolean restoreBest = true;
    double divergenceAtEnd = 10;
    double divergenceAnyEpoch = 1000;
    final List<TrainingListener> listeners = new ArrayList<>();
    ReduceLrOnPlateau plateau;
    Checkpointing checkpointing;

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

    /**
     * Sets the optimizer's learning rate at the start of every epoch to {@code schedule.rate(epoch)}.
     * Excludes {@link #stepSchedule}.
     */
    public TrainerBuilder schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /**
     * Sets the learning rate before every optimizer step to {@code rate(k)}, {@code k} the 0-based
     * step of the whole run. The schedule is made from the run's number of steps {@code K}, known
     * once the first epoch's samples are drawn; cosine decay to a tenth over the run, for example:
     * {@code stepSchedule(K -> LearningRateSchedule.cosineAnnealing(0.01, K, 0.001))}. Excludes
     * {@link #schedule}.
     */
    public TrainerBuilder stepSchedule(IntFunction<LearningRateSchedule> ofTotalSteps) {
        this.stepSchedule = ofTotalSteps;
        return this;
    }

    /**
     * Stops after this many optimizer steps in all, within an epoch if need be (the epochs then run
     * are those that {@code maxSteps} reaches into); 0 (the default) runs every epoch.
     */
    public TrainerBuilder maxSteps(int maxSteps) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("trainer: maxSteps must be >= 0, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
    }

    /**
     * Truncated back-propagation through time: each batch of sequences (samples whose input and
     * target have time as their first axis, [B, L, ...] once batched) runs in chunks of
     * {@code length} steps (the last one shorter if L is not a multiple), one optimizer step per
     * chunk, each chunk starting from the state the previous one ended with and gradients stopping
     * at its start. The model must be a {@link StatefulModel}; its state is reset for every batch.
     * Validation runs chunk by chunk too. Shuffling, if on, only reorders whole sequences.
     */
    public TrainerBuilder truncatedBptt(int length) {
        this.bpttLength = positive("truncatedBptt length", length);
        return this;
    }

    /**
     * Batches variable-length samples ({@link SequenceDataset}) by length, as torchtext's
     * {@code BucketIterator} and Keras' {@code bucket_by_sequence_length}: each epoch's shuffled
     * order is cut into pools of {@code batchesPerPool} batches, each pool sorted by length and cut
     * into batches, and the batches shuffled; deterministic for a seed. A batch is then padded
     * little, at the cost of batches less random than a plain shuffle (a pool of 1 batch is a plain
     * shuffle; larger pools pad less). Evaluation batches the samples in order of length. Samples of
     * one length are batched as without it.
     */
    public TrainerBuilder bucketByLength(int batchesPerPool) {
        this.batchesPerPool = positive("bucketByLength batchesPerPool", batchesPerPool);
        return this;
    }

    /** {@link #bucketByLength(int)} with pools of 100 batches, torchtext's default. */
    public TrainerBuilder bucketByLength() {
        return bucketByLength(100);
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

    /**
     * When a run has diverged. For a loss that is never negative ({@link Loss#nonNegative()}) and a
     * positive loss {@code L0} at the first step (the untrained model's), training fails with a
     * {@link TrainingDivergedException} when an epoch's mean training loss exceeds
     * {@code anyEpoch * L0}, at once, or when, at the end, the mean training loss of the epoch whose
     * weights the model keeps exceeds {@code atEnd * L0}; 0 turns a limit off.
     *
     * <p>A run that ends with its loss ten times the untrained model's (the default {@code atEnd})
     * has made the model an order of magnitude worse than where it started: it diverged. A run that
     * merely fails to learn stays near {@code L0}, and one batch's loss differs from another's by
     * far less than tenfold. A rate that is high but workable can spike the loss some tenfold in the
     * first epoch and recover; a thousandfold (the default {@code anyEpoch}) does not come back, so
     * the run stops without spending its remaining epochs.
     */
    public TrainerBuilder divergenceLimits(double atEnd, double anyEpoch) {
        if (!(atEnd == 0 || atEnd >= 1) || !(anyEpoch == 0 || anyEpoch >= 1)) {
            throw new IllegalArgumentException("trainer: divergence limits must be 0 (off) or at least 1, got "
                    + atEnd + " and " + anyEpoch);
        }
        this.divergenceAtEnd = atEnd;
        this.divergenceAnyEpoch = anyEpoch;
        return this;
    }

    /**
     * Lowers the learning rate when the validation loss stalls, as PyTorch's
     * {@code ReduceLROnPlateau} stepped with it after every epoch's validation: the optimizer's
     * rate (its initial one at first) times {@code factor} after more than {@code patience} epochs
     * without improvement. Needs validation data; excludes {@link #schedule} and
     * {@link #stepSchedule} (which would overwrite the lowered rate).
     */
    public TrainerBuilder reduceLrOnPlateau(ReduceLrOnPlateau settings) {
        this.plateau = settings;
        return this;
    }

    /**
     * Writes checkpoints as {@code policy} says (every N steps and/or every epoch, the last K
     * kept), from which {@link Trainer#resume} continues the run bit-identically; null for none
     * (the default). A checkpoint that cannot be written ends the run with an
     * {@link java.io.UncheckedIOException}; the previous checkpoints are left as they were.
     */
    public TrainerBuilder checkpoints(Checkpointing policy) {
        this.checkpointing = policy;
        return this;
    }

    public TrainerBuilder listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public Trainer build() {
        if (schedule != null && stepSchedule != null) {
            throw new IllegalStateException("trainer: set a per-epoch schedule or a per-step schedule, not both");
        }
        if (plateau != null && (schedule != null || stepSchedule != null)) {
            throw new IllegalStateException("trainer: reduce-on-plateau sets the rate itself; it excludes a schedule");
        }
        return new Trainer(this);
    }

    /** The settings, for {@link Trainer#toString()}; those left at their defaults are not shown. */
    String describe() {
        StringBuilder sb = new StringBuilder("epochs=").append(epochs).append(", batch_size=").append(batchSize)
                .append(", shuffle=").append(shuffle).append(", seed=").append(seed).append(", loss=").append(loss);
        if (schedule != null) {
            sb.append(", schedule=").append(schedule);
        }
        if (stepSchedule != null) {
            sb.append(", step_schedule=per step");
        }
        if (plateau != null) {
            sb.append(", ").append(plateau);
        }
        if (maxSteps > 0) {
            sb.append(", max_steps=").append(maxSteps);
        }
        if (bpttLength > 0) {
            sb.append(", truncated_bptt=").append(bpttLength);
        }
        if (clipNorm > 0) {
            sb.append(", clip_norm=").append(clipNorm);
        }
        if (patience > 0) {
            sb.append(", early_stopping=(patience=").append(patience).append(", min_delta=").append(minDelta)
                    .append(", restore_best=").append(restoreBest).append(')');
        }
        if (checkpointing != null) {
            sb.append(", ").append(checkpointing);
        }
        return sb.toString();
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("trainer: " + name + " must be positive, got " + value);
        }
        return value;
    }
}
