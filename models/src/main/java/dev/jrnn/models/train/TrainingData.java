package dev.jrnn.models.train;

/**
 * The training samples of each epoch: one fixed set, or a new draw every epoch (for example
 * random windows of long series, as a forecaster trains). The trainer asks once per epoch, in
 * order, before the epoch's first step; a draw should depend only on the epoch and a seed, so
 * that a run is reproducible.
 */
@FunctionalInterface
public interface TrainingData {

    /** The samples of {@code epoch} (0-based). */
    Samples epoch(int epoch);

    /** The same samples every epoch. */
    static TrainingData fixed(Samples samples) {
        if (samples == null) {
            throw new IllegalArgumentException("trainer: no training samples");
        }
        return epoch -> samples;
    }
}
