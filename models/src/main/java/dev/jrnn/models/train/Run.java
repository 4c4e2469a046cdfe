package dev.jrnn.models.train;

import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.models.optim.Optimizer;
import dev.jrnn.models.optim.ReduceLrOnPlateau;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one training run, all of which a checkpoint saves: where it stands (epoch, the
 * walk of the epoch), its history, the early-stopping state and best weights, and the objects that
 * carry state of their own (optimizer, plateau tracker, steps).
 */
final class Run {
    final Model model;
    final List<Parameter> parameters;
    final Optimizer optimizer;
    /** Null without reduce-on-plateau. */
    final ReduceLrOnPlateau.Tracker plateau;
    final Steps steps;
    final TrainingListener.TrainingPlan plan;
    int epoch;
    BatchWalker.Position position = new BatchWalker.Position();
    final List<TrainingListener.EpochEvent> history = new ArrayList<>();
    Snapshot best;
    int bestEpoch = -1;
    double bestLoss = Double.POSITIVE_INFINITY;
    boolean stoppedEarly;
    /** The steps at the last checkpoint (not saved: a resumed run starts counting from its own). */
    int stepsAtCheckpoint;

    Run(Model model, Optimizer optimizer, ReduceLrOnPlateau.Tracker plateau, Steps steps,
        TrainingListener.TrainingPlan plan) {
        this.model = model;
        this.parameters = model.parameters();
        this.optimizer = optimizer;
        this.plateau = plateau;
        this.steps = steps;
        this.plan = plan;
    }

    /** Whether an epoch is under way (some of its pieces done). */
    boolean midEpoch() {
        return position.pieces > 0;
    }
}
