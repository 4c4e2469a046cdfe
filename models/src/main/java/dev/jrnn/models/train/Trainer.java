package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import java.util.ArrayList;
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
 * may follow a schedule per epoch or per step; sequences may be trained with truncated BPTT
 * ({@link TrainerBuilder#truncatedBptt}). Every step runs in its own {@link TensorScope}: forward,
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

    /**
     * Trains {@code model} on {@code training}, evaluating on {@code validation} (may be null)
     * after every epoch. Modifies the model's parameters.
     */
    public TrainingResult fit(Model model, Samples training, Samples validation) {
        return fit(model, TrainingData.fixed(training), validation);
    }

    /**
     * Trains {@code model} on the samples {@code training} gives for each epoch, evaluating on
     * {@code validation} (may be null) after every epoch. Listeners' {@code onEpoch} sees the model
     * as the epoch left it, in evaluation mode. Modifies the model's parameters; their gradients
     * are cleared at the end.
     */
    public TrainingResult fit(Model model, TrainingData training, Samples validation) {
        if (config.patience > 0 && validation == null) {
            throw new IllegalArgumentException("trainer: early stopping needs validation data");
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
        config.listeners.forEach(l -> l.onStart(plan));
        int epochs = plan.epochs();
        LearningRateSchedule perStep = config.stepSchedule == null ? null : config.stepSchedule.apply(plan.totalSteps());
        List<TrainingListener.EpochEvent> history = new ArrayList<>();
        Snapshot best = null;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean stopped = false;
        try (Optimizer optimizer = config.optimizer.apply(parameters)) {
            Steps steps = new Steps(config, model, optimizer, perStep, plan.stepsPerEpoch(), System.nanoTime());
            for (int epoch = 0; epoch < config.epochs && !steps.finished(); epoch++) {
                Samples data = epoch == 0 ? first : training.epoch(epoch);
                if (config.schedule != null) {
                    optimizer.setLearningRate(config.schedule.rate(epoch));
                }
                model.train(true);
                int[][] batches = batches(data, config.shuffle, config.seed).epoch(epoch);
                int e = epoch;
                double trainingLoss = walker.run(data, batches, (batch, step, scope) -> steps.step(batch, e, step, scope),
                        steps::finished);
                steps.checkEpoch(epoch, trainingLoss);
                double validationLoss = validation == null ? Double.NaN : evaluate(model, validation, be, dtype);
                if (validation != null && !Double.isFinite(validationLoss)) {
                    throw new NonFiniteException("validation loss is " + validationLoss + " after epoch " + epoch
                            + " (a non-finite validation value, or a model that diverged)");
                }
                model.train(false);
                boolean improved = validation == null || validationLoss < bestLoss - config.minDelta;
                if (improved) {
                    bestLoss = validation == null ? bestLoss : validationLoss;
                    bestEpoch = epoch;
                    if (config.patience > 0 && config.restoreBest) {
                        best = Snapshot.of(parameters);
                    }
                }
                TrainingListener.EpochEvent event = new TrainingListener.EpochEvent(epoch, epochs, trainingLoss,
                        validationLoss, improved, steps.elapsedNanos());
                history.add(event);
                config.listeners.forEach(l -> l.onEpoch(event));
                if (config.patience > 0 && epoch - bestEpoch >= config.patience) {
                    stopped = epoch < epochs - 1;
                    break;
                }
            }
            optimizer.zeroGrad();
            if (!history.isEmpty()) {
                int kept = best != null ? bestEpoch : history.size() - 1;
                steps.checkEnd(kept, history.get(kept).trainingLoss());
            }
        }
        boolean restored = best != null && bestEpoch != history.size() - 1;
        if (restored) {
            best.restore(parameters);
        }
        return new TrainingResult(history, bestEpoch, stopped, restored);
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
