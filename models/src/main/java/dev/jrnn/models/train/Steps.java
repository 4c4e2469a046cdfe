package dev.jrnn.models.train;

import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import java.util.List;

/**
 * The optimizer steps of one run: per-step learning rate, forward, loss, the finiteness checks,
 * backward, clipping, update, and the listeners' step events. Counts the steps of the whole run,
 * which the per-step schedule reads and {@link TrainerBuilder#maxSteps} ends.
 */
final class Steps {
    private final TrainerBuilder config;
    private final Model model;
    private final Optimizer optimizer;
    private final LearningRateSchedule perStep;
    private final int stepsPerEpoch;
    private long start;
    private int taken;
    private double initialLoss = Double.NaN;
    /** The epoch and step where the loss first passed each divergence limit, or null. */
    private int[] firstAboveAtEnd;
    private int[] firstAboveAnyEpoch;

    Steps(TrainerBuilder config, Model model, Optimizer optimizer, LearningRateSchedule perStep, int stepsPerEpoch,
          long start) {
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.perStep = perStep;
        this.stepsPerEpoch = stepsPerEpoch;
        this.start = start;
    }

    /** Whether {@link TrainerBuilder#maxSteps} steps are taken. */
    boolean finished() {
        return config.maxSteps > 0 && taken >= config.maxSteps;
    }

    long elapsedNanos() {
        return System.nanoTime() - start;
    }

    /** The optimizer steps taken in the whole run. */
    int taken() {
        return taken;
    }

    /**
     * What a checkpoint keeps of the run's steps: their count, the first step's loss, where a step's
     * loss first passed each divergence limit (epoch and step, or null), the time spent.
     */
    record State(int taken, double initialLoss, int[] firstAboveAtEnd, int[] firstAboveAnyEpoch, long elapsedNanos) {
    }

    State state() {
        return new State(taken, initialLoss, firstAboveAtEnd, firstAboveAnyEpoch, elapsedNanos());
    }

    /** Continues from a checkpoint's {@link #state()}; the clock goes on from its time. */
    void restore(State saved) {
        taken = saved.taken();
        initialLoss = saved.initialLoss();
        firstAboveAtEnd = saved.firstAboveAtEnd();
        firstAboveAnyEpoch = saved.firstAboveAnyEpoch();
        start = System.nanoTime() - saved.elapsedNanos();
    }

    /**
     * One optimizer step on a piece; keeps the parameters and optimizer state in {@code scope}.
     * Returns the loss. Forward through clipping runs under a lease on the weights, since the
     * graph refers to their values: a replacement from another thread waits for the backward
     * pass; the update itself comes after the lease.
     */
    double step(Batch batch, int epoch, int step, TensorScope scope) {
        if (perStep != null) {
            optimizer.setLearningRate(perStep.rate(taken));
        }
        List<Parameter> parameters = optimizer.parameters();
        double value;
        double norm;
        try (WeightGuard.Lease weights = WeightGuard.read(parameters)) {
            Variable loss = batch.loss(config.loss, batch.predict(model));
            value = loss.value().item();
            if (!Double.isFinite(value)) {
                throw new NonFiniteException("loss is " + value, epoch, step);
            }
            if (taken == 0) {
                initialLoss = value;
            }
            firstAboveAtEnd = passed(firstAboveAtEnd, config.divergenceAtEnd, value, epoch, step);
            firstAboveAnyEpoch = passed(firstAboveAnyEpoch, config.divergenceAnyEpoch, value, epoch, step);
            optimizer.zeroGrad();
            Autograd.backward(loss);
            norm = config.clipNorm > 0
                    ? GradientClipping.clipByGlobalNorm(parameters, config.clipNorm)
                    : GradientClipping.globalNorm(parameters);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteException(nonFinite(parameters, norm), epoch, step);
            }
        }
        optimizer.step();
        optimizer.keepIn(scope);
        taken++;
        TrainingListener.StepEvent event = new TrainingListener.StepEvent(epoch, step, stepsPerEpoch, value, norm,
                optimizer.learningRate(), elapsedNanos());
        config.listeners.forEach(l -> l.onStep(event));
        return value;
    }

    private int[] passed(int[] first, double factor, double value, int epoch, int step) {
        return first == null && factor > 0 && value > factor * initialLoss ? new int[] {epoch, step} : first;
    }

    /** {@link #checkDivergence} against the limit for any epoch's mean training loss. */
    void checkEpoch(int epoch, double loss) {
        checkDivergence(epoch, loss, config.divergenceAnyEpoch, firstAboveAnyEpoch);
    }

    /** {@link #checkDivergence} against the limit for the mean training loss of the epoch the model keeps. */
    void checkEnd(int epoch, double loss) {
        checkDivergence(epoch, loss, config.divergenceAtEnd, firstAboveAtEnd);
    }

    /**
     * Fails with a {@link TrainingDivergedException} when the mean training loss {@code loss} of
     * {@code epoch} exceeds {@code factor} times the first step's loss (see
     * {@link TrainerBuilder#divergenceLimits}); does nothing for a factor of 0, a loss that may be
     * negative, or a first loss that is not positive. {@code first} is where a step's loss first
     * passed the limit (some step did, when the mean of the steps did).
     */
    private void checkDivergence(int epoch, double loss, double factor, int[] first) {
        if (factor > 0 && config.loss.nonNegative() && initialLoss > 0 && loss > factor * initialLoss) {
            int[] at = first != null ? first : new int[] {epoch, 0};
            throw new TrainingDivergedException(epoch, loss, initialLoss, factor, at[0], at[1]);
        }
    }

    /**
     * Names the first parameter whose gradient holds a NaN or infinity ({@code sum(g * 0)} is NaN
     * then), or says that the norm overflowed: only looked for once the norm is not finite.
     */
    private static String nonFinite(List<Parameter> parameters, double norm) {
        for (Parameter p : parameters) {
            if (p.grad() != null) {
                Backend be = p.backend();
                double probe = be.sum(be.reshape(be.scale(p.grad(), 0.0), Shape.of(p.grad().size())), 0).item();
                if (Double.isNaN(probe)) {
                    return "gradient of " + p.name() + " is not finite";
                }
            }
        }
        return "gradient norm is " + norm;
    }
}
