package dev.jrnn.models.train;

import java.util.List;

/**
 * What {@link Trainer#fit} did.
 *
 * @param history         one entry per epoch run
 * @param bestEpoch       the epoch of the lowest validation loss (the last epoch without validation data)
 * @param stoppedEarly    whether early stopping ended training before the last epoch
 * @param restoredBest    whether the parameters were reset to the best epoch's values
 */
public record TrainingResult(List<TrainingListener.EpochEvent> history, int bestEpoch, boolean stoppedEarly,
                             boolean restoredBest) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Number of epochs run. */
    public int epochs() {
        return history.size();
    }

    /** The validation loss of the best epoch, NaN without validation data. */
    public double bestValidationLoss() {
        return history.isEmpty() ? Double.NaN : history.get(bestEpoch).validationLoss();
    }

    /** The training loss of the last epoch. */
    public double finalTrainingLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainingLoss();
    }
}
