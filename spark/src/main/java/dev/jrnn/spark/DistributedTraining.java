package dev.jrnn.spark;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.LearningRateSchedule;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.optim.Sgd;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * How a global model trains across the cluster ({@link DistributedTrainer}). Every epoch draws its
 * windows as the forecaster's training does ({@code windowsPerSeries} per series among the last
 * {@code recentWindows} starts, or all); each partition's share is split into rounds, and a round
 * is synchronous: the driver broadcasts the parameters, each partition computes on its next
 * {@code localSteps * batchSize} windows, {@code treeAggregate} sums what they return, the driver
 * updates. With one local step, partitions return the gradient summed over their windows and the
 * driver applies this optimizer to the mean gradient (clipped to the configuration's norm): one
 * step of minibatch training over a global batch of {@code partitions * batchSize} windows. With
 * {@code k > 1} local steps each partition takes k steps of its own optimizer (fresh each round) on
 * minibatches of {@code batchSize} and the driver moves the parameters by the window-weighted mean
 * of the partitions' changes (local SGD, model averaging).
 *
 * <p>A batch size of 0 takes a partition's whole share of the epoch in one round: with one local
 * step and plain SGD this is full-batch gradient descent, equal to a single machine's up to the
 * order of floating-point sums.
 */
public final class DistributedTraining implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The optimizer of the updates. */
    public enum OptimizerKind {
        /** Plain SGD, {@code p = p - lr g}. */
        SGD,
        /** Adam with PyTorch's defaults, as the forecaster's own training. */
        ADAM
    }

    /** The learning rate over the run's K rounds. */
    public enum Schedule {
        /** The configuration's rate throughout. */
        CONSTANT,
        /** The forecaster's: cosine decay to a tenth, {@code lr(k) = lr (0.1 + 0.45 (1 + cos(pi k / K)))}. */
        COSINE
    }

    /** Hears how training goes, once per epoch, on the driver. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param epoch  1-based epoch just finished
         * @param epochs epochs in all
         * @param loss   mean training loss of the epoch's windows
         * @param model  the model as trained so far; its weights change as training goes on (copy it to keep them)
         */
        void epochEnd(int epoch, int epochs, double loss, Forecaster model);
    }

    private int localSteps = 1;
    private int batchSize = 128;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private Schedule schedule = Schedule.COSINE;
    private int partitions;
    private String backend;
    private boolean skipShort = true;
    private transient EpochListener listener;

    /**
     * The forecaster's recipe spread over the cluster: Adam on the configuration's learning rate with
     * the cosine decay and clipping, one local step, 128 windows per partition per step, the data's
     * partitions, the default backend, series too short for a window skipped.
     */
    public static DistributedTraining defaults() {
        return new DistributedTraining();
    }

    /** Steps each partition takes per round, k &ge; 1. */
    public DistributedTraining localSteps(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("local steps must be at least 1, got " + k);
        }
        this.localSteps = k;
        return this;
    }

    /** Windows per partition per step; 0: a partition's whole share of the epoch in one round. */
    public DistributedTraining batchSize(int windows) {
        if (windows < 0) {
            throw new IllegalArgumentException("batch size must not be negative, got " + windows);
        }
        this.batchSize = windows;
        return this;
    }

    /** The optimizer of the driver's updates (one local step) or of the partitions' local steps. */
    public DistributedTraining optimizer(OptimizerKind kind) {
        this.optimizer = kind;
        return this;
    }

    /** The learning rate over the run's rounds. */
    public DistributedTraining schedule(Schedule s) {
        this.schedule = s;
        return this;
    }

    /** Partitions of the series; 0: the session's default parallelism (at least the input's partitions). */
    public DistributedTraining partitions(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("partitions must not be negative, got " + n);
        }
        this.partitions = n;
        return this;
    }

    /** The backend by name on the driver and the executors; null: the pure-Java one unless configured. */
    public DistributedTraining backend(String name) {
        this.backend = name;
        return this;
    }

    /** Whether a series too short for one training window is skipped (else training fails naming it). */
    public DistributedTraining skipShort(boolean skip) {
        this.skipShort = skip;
        return this;
    }

    /** Told of every epoch's end on the driver (progress, snapshots); not sent to the executors. */
    public DistributedTraining listener(EpochListener l) {
        this.listener = l;
        return this;
    }

    /** Steps each partition takes per round. */
    public int localSteps() {
        return localSteps;
    }

    /** Windows per partition per step; 0 for a partition's whole share of the epoch. */
    public int batchSize() {
        return batchSize;
    }

    /** The optimizer. */
    public OptimizerKind optimizerKind() {
        return optimizer;
    }

    /** The learning-rate schedule. */
    public Schedule scheduleKind() {
        return schedule;
    }

    /** Partitions of the series (0: the default parallelism, at least the input's partitions). */
    public int partitions() {
        return partitions;
    }

    /** The backend's name, or null for the executors' default. */
    public String backend() {
        return backend;
    }

    /** Whether a series too short for a window is left out (else training fails). */
    public boolean skipsShort() {
        return skipShort;
    }

    EpochListener listener() {
        return listener;
    }

    /** This kind's optimizer over {@code parameters} at {@code rate}. */
    Optimizer optimizer(List<Parameter> parameters, double rate) {
        return optimizer == OptimizerKind.SGD ? new Sgd(parameters, rate) : new Adam(parameters, rate);
    }

    /** The rate of each of {@code rounds} rounds. */
    LearningRateSchedule schedule(double rate, int rounds) {
        return schedule == Schedule.CONSTANT ? LearningRateSchedule.constant(rate)
                : LearningRateSchedule.cosineAnnealing(rate, rounds, 0.1 * rate);
    }
}
