package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.io.SafetensorsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a {@link Model} by minibatch gradient descent.
 *
 * <pre>{@code
 * TrainingResult r = Trainer.builder().epochs(30).batchSize(16).seed(7)
 *         .optimizer(ps -> new Adam(ps, 0.01)).earlyStopping(5, 0, true)
 *         .build().fit(model, train, validation);
 * }</pre>
 *
 * <p>The training samples may be drawn anew every epoch ({@link TrainingData}); the learning rate
 * may follow a schedule per epoch or per step, or be lowered when the validation loss stalls
 * ({@link TrainerBuilder#reduceLrOnPlateau}); sequences may be trained with truncated BPTT
 * ({@link TrainerBuilder#truncatedBptt}). A run may write checkpoints ({@link TrainerBuilder#checkpoints})
 * and be resumed from one bit-identically ({@link #resume(Path, Model, TrainingData, Samples)}). Every step runs in its own {@link TensorScope}: forward,
 * loss, backward, optional clipping, optimizer step; only the parameters and optimizer state
 * survive it, so memory stays flat. A non-finite loss or gradient throws a
 * {@link NonFiniteException} naming the epoch and step; a loss that grows far above the first
 * step's throws a {@link TrainingDivergedException} ({@link TrainerBuilder#divergenceLimits}). Call
 * {@code fit} outside any scope (the new parameter values must outlive it).
 *
 * <p>Thread safety: a trainer may be reused, one {@code fit} at a time; a run belongs to its
 * thread (its optimizer and batches are not shared). Other threads may run the model's forward
 * pass during training (they see the weights of one step or the next, never a mix, on models
 * whose parameters share a {@link dev.jrnn.api.autograd.WeightGuard}); a replacement of the
 * weights from another thread (a state_dict load) waits for the current step's backward pass,
 * and the next optimizer step overwrites it.
 */
public final class Trainer {
    private final TrainerBuilder config;

    Trainer(TrainerBuilder config) {
        this.config = config;
    }

    public static TrainerBuilder builder() {
        return new TrainerBuilder();
    }

    /** {@code Trainer(epochs=..., batch_size=..., ...)}: the settings, those at their defaults left out. */
    @Override
    public String toString() {
        return "Trainer(" + config.describe() + ")";
    }

    /**
     * Trains {@code model} on {@code training}, evaluating on {@code validation} (may be null)
     * after every epoch. Modifies the model's parameters, and leaves the model in evaluation mode
     * ({@code train(false)}: dropout off), ready to serve.
     */
    public TrainingResult fit(Model model, Samples training, Samples validation) {
        return fit(model, TrainingData.fixed(training), validation);
    }

    /**
     * Trains {@code model} on the samples {@code training} gives for each epoch, evaluating on
     * {@code validation} (may be null) after every epoch. Listeners' {@code onEpoch} sees the model
     * as the epoch left it, in evaluation mode. Modifies the model's parameters; their gradients
     * are cleared at the end, and the model is left in evaluation mode.
     *
     * @throws java.io.UncheckedIOException when a checkpoint cannot be written
     */
    public TrainingResult fit(Model model, TrainingData training, Samples validation) {
        try {
            return run(model, training, validation, null);
        } catch (SafetensorsException ex) {
            throw new IllegalStateException("trainer: nothing was read, yet " + ex.getMessage(), ex);
        }
    }

    /** {@link #resume(Path, Model, TrainingData, Samples)} with the same samples every epoch. */
    public TrainingResult resume(Path checkpoint, Model model, Samples training, Samples validation)
            throws IOException {
        return resume(checkpoint, model, TrainingData.fixed(training), validation);
    }

    /**
     * Continues the run that wrote {@code checkpoint} ({@link TrainerBuilder#checkpoints}) and
     * finishes it: the weights, history and result are bit-identical to those of the run had it not
     * stopped, given the same data, a model built the same way and this trainer configured as that
     * one. The checkpoint restores the model's weights, the optimizer's state (step counts,
     * moments, momentum buffers, learning rate), the reduce-on-plateau state, the position (epoch,
     * batches of it done, its running training loss), the history, the early-stopping state and
     * best weights, the divergence checks' state and the model's random generators
     * ({@link Model#randomGenerators()}); each epoch's shuffle order follows from the seed and the
     * epoch, and each epoch's samples from {@code training}. Schedules are pure functions of the
     * step or epoch. More epochs or steps than the saved run had may be asked for (a per-step
     * schedule is then made from the new step count).
     *
     * @throws SafetensorsException naming the file when it is not a readable checkpoint of a
     *                              supported version, or was written by a run with another model
     *                              (weights' names or shapes), optimizer (kind, settings),
     *                              batching, shuffling, seed, early stopping, plateau setting,
     *                              random generators or training set size
     */
    public TrainingResult resume(Path checkpoint, Model model, TrainingData training, Samples validation)
            throws IOException {
        return run(model, training, validation, TrainingCheckpoint.read(checkpoint));
    }

    private TrainingResult run(Model model, TrainingData training, Samples validation, TrainingCheckpoint saved)
            throws SafetensorsException {
        if (config.patience > 0 && validation == null) {
            throw new IllegalArgumentException("trainer: early stopping needs validation data");
        }
        if (config.plateau != null && validation == null) {
            throw new IllegalArgumentException("trainer: reduce-on-plateau needs validation data");
        }
        if (config.bpttLength > 0 && !(model instanceof StatefulModel)) {
            throw new IllegalArgumentException("trainer: truncated BPTT needs a StatefulModel, got "
                    + model.getClass().getName());
        }
        if (config.bpttLength > 0 && validation != null && validation.lengths(new int[] {0}) != null) {
            throw new IllegalArgumentException("trainer: truncated BPTT takes samples of one length; the validation"
                    + " samples have variable lengths");
        }
        List<Parameter> parameters = model.parameters();
        Backend be = parameters.get(0).backend();
        DType dtype = parameters.get(0).dtype();
        BatchWalker walker = new BatchWalker(model, be, dtype, config.bpttLength);
        Samples first = training.epoch(0);
        if (first == null || first.size() == 0) {
            throw new IllegalArgumentException("trainer: the first epoch has no training samples");
        }
        if (config.bpttLength > 0 && first.lengths(new int[] {0}) != null) {
            throw new IllegalArgumentException("trainer: truncated BPTT takes samples of one length; the training"
                    + " samples have variable lengths");
        }
        TrainingListener.TrainingPlan plan = plan(first, walker, validation);
        int epochs = plan.epochs();
        LearningRateSchedule perStep = config.stepSchedule == null ? null : config.stepSchedule.apply(plan.totalSteps());
        boolean restored;
        Run run;
        try (Optimizer optimizer = config.optimizer.apply(parameters)) {
            Steps steps = new Steps(config, model, optimizer, perStep, plan.stepsPerEpoch(), System.nanoTime());
            run = new Run(model, optimizer, config.plateau == null ? null : config.plateau.start(), steps, plan);
            if (saved != null) {
                saved.restore(run, config);
            }
            config.listeners.forEach(l -> l.onStart(plan));
            while (!run.stoppedEarly && run.epoch < config.epochs && (!steps.finished() || run.midEpoch())) {
                int epoch = run.epoch;
                Samples data = epoch == 0 ? first : training.epoch(epoch);
                if (config.schedule != null) {
                    optimizer.setLearningRate(config.schedule.rate(epoch));
                }
                model.train(true);
                int[][] batches = batches(data, config.shuffle, config.seed).epoch(epoch);
                double trainingLoss = walker.run(data, batches, run.position,
                        (batch, step, scope) -> steps.step(batch, epoch, step, scope), steps::finished,
                        () -> afterBatch(run, batches.length));
                steps.checkEpoch(epoch, trainingLoss);
                double validationLoss = validation == null ? Double.NaN : evaluate(model, validation, be, dtype);
                if (validation != null && !Double.isFinite(validationLoss)) {
                    throw new NonFiniteException("validation loss is " + validationLoss + " after epoch " + epoch
                            + " (a non-finite validation value, or a model that diverged)");
                }
                if (run.plateau != null) {
                    optimizer.setLearningRate(run.plateau.step(validationLoss, optimizer.learningRate()));
                }
                model.train(false);
                boolean improved = validation == null || validationLoss < run.bestLoss - config.minDelta;
                if (improved) {
                    run.bestLoss = validation == null ? run.bestLoss : validationLoss;
                    run.bestEpoch = epoch;
                    if (config.patience > 0 && config.restoreBest) {
                        run.best = Snapshot.of(parameters);
                    }
                }
                TrainingListener.EpochEvent event = new TrainingListener.EpochEvent(epoch, epochs, trainingLoss,
                        validationLoss, improved, steps.elapsedNanos());
                run.history.add(event);
                config.listeners.forEach(l -> l.onEpoch(event));
                run.stoppedEarly = config.patience > 0 && epoch - run.bestEpoch >= config.patience
                        && epoch < epochs - 1;
                run.epoch++;
                run.position = new BatchWalker.Position();
                if (config.checkpointing != null && config.checkpointing.everyEpoch()) {
                    checkpoint(run);
                }
                if (config.patience > 0 && epoch - run.bestEpoch >= config.patience) {
                    break;
                }
            }
            optimizer.zeroGrad();
            if (!run.history.isEmpty()) {
                int kept = run.best != null ? run.bestEpoch : run.history.size() - 1;
                steps.checkEnd(kept, run.history.get(kept).trainingLoss());
            }
        }
        restored = run.best != null && run.bestEpoch != run.history.size() - 1;
        if (restored) {
            run.best.restore(parameters);
        }
        return new TrainingResult(run.history, run.bestEpoch, run.stoppedEarly, restored);
    }

    /**
     * A step checkpoint when the steps passed a multiple of {@code everySteps} in this batch, unless
     * the epoch ends here and its end is checkpointed anyway.
     */
    private void afterBatch(Run run, int batches) {
        Checkpointing c = config.checkpointing;
        if (c == null || c.everySteps() == 0) {
            return;
        }
        int taken = run.steps.taken();
        boolean due = taken / c.everySteps() > run.stepsAtCheckpoint / c.everySteps();
        boolean epochEnds = run.position.batches == batches || run.steps.finished();
        if (due && !(epochEnds && c.everyEpoch())) {
            checkpoint(run);
        }
    }

    /** Writes the run's checkpoint atomically, rotates the older ones out and tells the listeners. */
    private void checkpoint(Run run) {
        Checkpointing c = config.checkpointing;
        int taken = run.steps.taken();
        Path file = c.file(taken);
        try {
            Files.createDirectories(c.directory());
            TrainingCheckpoint.write(file, run, config);
            List<Path> removed = c.rotate(file);
            run.stepsAtCheckpoint = taken;
            TrainingListener.CheckpointEvent event = new TrainingListener.CheckpointEvent(file, run.epoch,
                    run.position.pieces, taken, removed);
            config.listeners.forEach(l -> l.onCheckpoint(event));
        } catch (IOException ex) {
            throw new UncheckedIOException("trainer: cannot write checkpoint " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The run's shape, planned from the first epoch's samples (later draws of another size run all their steps). */
    private TrainingListener.TrainingPlan plan(Samples first, BatchWalker walker, Samples validation) {
        int stepsPerEpoch = Batches.count(first.size(), config.batchSize) * walker.perBatch(first);
        long all = (long) config.epochs * stepsPerEpoch;
        int totalSteps = (int) Math.min(config.maxSteps > 0 ? config.maxSteps : Integer.MAX_VALUE, all);
        int epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
        return new TrainingListener.TrainingPlan(epochs, stepsPerEpoch, totalSteps, first.size(),
                validation == null ? 0 : validation.size());
    }

    /**
     * The mean loss over {@code data} without recording a graph, batch by batch (chunk by chunk with
     * truncated BPTT), weighted by rows (times time steps): the sample mean of a mean-reduced loss.
     * Variable-length samples run with their lengths, and samples with target weights give the
     * weighted mean over all their target positions (the padded steps left out). With
     * {@link TrainerBuilder#bucketByLength} the samples are batched in order of length. Switches
     * the model to evaluation mode.
     */
    public double evaluate(Model model, Samples data, Backend be, DType dtype) {
        model.train(false);
        int[][] batches = batches(data, false, 0).epoch(0);
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            return new BatchWalker(model, be, dtype, config.bpttLength).run(data, batches,
                    (batch, index, scope) -> batch.loss(config.loss, batch.predict(model)).value().item(), () -> false);
        }
    }

    /** The batch order of {@code data}: grouped by length when bucketing is on and the samples have lengths. */
    private Batches batches(Samples data, boolean shuffle, long seed) {
        int[] lengths = null;
        if (config.batchesPerPool > 0) {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            lengths = data.lengths(all);
        }
        return new Batches(data.size(), config.batchSize, shuffle, seed, lengths, config.batchesPerPool);
    }
}
