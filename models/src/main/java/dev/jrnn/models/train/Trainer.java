package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.optim.GradientClipping;
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
 * <p>Every step runs in its own {@link TensorScope}: forward, loss, backward, optional clipping,
 * optimizer step; only the parameters and optimizer state survive it, so memory stays flat. A
 * non-finite loss or gradient throws a {@link NonFiniteException} naming the epoch and step.
 * Call {@code fit} outside any scope (the new parameter values must outlive it).
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
    public TrainingResult fit(Model model, Dataset training, Dataset validation) {
        if (config.patience > 0 && validation == null) {
            throw new IllegalArgumentException("trainer: early stopping needs validation data");
        }
        List<Parameter> parameters = model.parameters();
        Backend be = parameters.get(0).backend();
        DType dtype = parameters.get(0).dtype();
        Batches batches = new Batches(training.size(), config.batchSize, config.shuffle, config.seed);
        long start = System.nanoTime();
        for (TrainingListener l : config.listeners) {
            l.onStart(new TrainingListener.TrainingPlan(config.epochs, batches.count(), training.size(),
                    validation == null ? 0 : validation.size()));
        }
        List<TrainingListener.EpochEvent> history = new ArrayList<>();
        Snapshot best = null;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean stopped = false;
        try (Optimizer optimizer = config.optimizer.apply(parameters)) {
            for (int epoch = 0; epoch < config.epochs; epoch++) {
                if (config.schedule != null) {
                    optimizer.setLearningRate(config.schedule.rate(epoch));
                }
                model.train(true);
                double sum = 0;
                int[][] order = batches.epoch(epoch);
                for (int step = 0; step < order.length; step++) {
                    double loss = step(model, optimizer, training, order[step], be, dtype, epoch, step, order.length,
                            start);
                    sum += loss * order[step].length;
                }
                double validationLoss = validation == null ? Double.NaN : evaluate(model, validation, be, dtype);
                boolean improved = validation == null || validationLoss < bestLoss - config.minDelta;
                if (improved) {
                    bestLoss = validation == null ? bestLoss : validationLoss;
                    bestEpoch = epoch;
                    if (config.patience > 0 && config.restoreBest) {
                        best = Snapshot.of(parameters);
                    }
                }
                TrainingListener.EpochEvent event = new TrainingListener.EpochEvent(epoch, config.epochs,
                        sum / training.size(), validationLoss, improved, System.nanoTime() - start);
                history.add(event);
                config.listeners.forEach(l -> l.onEpoch(event));
                if (config.patience > 0 && epoch - bestEpoch >= config.patience) {
                    stopped = epoch < config.epochs - 1;
                    break;
                }
            }
        }
        boolean restored = best != null && bestEpoch != history.size() - 1;
        if (restored) {
            best.restore(parameters);
        }
        return new TrainingResult(history, bestEpoch, stopped, restored);
    }

    private double step(Model model, Optimizer optimizer, Dataset data, int[] batch, Backend be, DType dtype,
                        int epoch, int step, int steps, long start) {
        try (TensorScope scope = TensorScope.open()) {
            Variable input = Variable.constant(data.inputs(batch, be, dtype));
            Variable target = Variable.constant(data.targets(batch, be, dtype));
            Variable loss = config.loss.apply(model.forward(input), target);
            double value = loss.value().item();
            if (!Double.isFinite(value)) {
                throw new NonFiniteException("loss is " + value, epoch, step);
            }
            optimizer.zeroGrad();
            Autograd.backward(loss);
            checkGradients(optimizer.parameters(), epoch, step);
            double norm = config.clipNorm > 0
                    ? GradientClipping.clipByGlobalNorm(optimizer.parameters(), config.clipNorm)
                    : GradientClipping.globalNorm(optimizer.parameters());
            optimizer.step();
            optimizer.keepIn(scope);
            TrainingListener.StepEvent event = new TrainingListener.StepEvent(epoch, step, steps, value, norm,
                    optimizer.learningRate(), System.nanoTime() - start);
            config.listeners.forEach(l -> l.onStep(event));
            return value;
        }
    }

    /** Throws naming the first parameter whose gradient holds a NaN or infinity ({@code sum(g * 0)} is NaN). */
    private static void checkGradients(List<Parameter> parameters, int epoch, int step) {
        for (Parameter p : parameters) {
            if (p.grad() != null) {
                Backend be = p.backend();
                double probe = be.sum(be.reshape(be.scale(p.grad(), 0.0), Shape.of(p.grad().size())), 0).item();
                if (Double.isNaN(probe)) {
                    throw new NonFiniteException("gradient of " + p.name() + " is not finite", epoch, step);
                }
            }
        }
    }

    /**
     * The mean loss over {@code data} without recording a graph, batch by batch, weighted by batch
     * size (the dataset mean for a mean-reduced loss). Switches the model to evaluation mode.
     */
    public double evaluate(Model model, Dataset data, Backend be, DType dtype) {
        model.train(false);
        Batches batches = new Batches(data.size(), config.batchSize, false, 0);
        double sum = 0;
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            for (int[] batch : batches.epoch(0)) {
                try (TensorScope scope = TensorScope.open()) {
                    Variable input = Variable.constant(data.inputs(batch, be, dtype));
                    Variable target = Variable.constant(data.targets(batch, be, dtype));
                    sum += config.loss.apply(model.forward(input), target).value().item() * batch.length;
                }
            }
        }
        return sum / data.size();
    }
}
