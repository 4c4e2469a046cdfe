package dev.jrnn.models.forecast;

/** Hears how training goes, once per epoch (for progress bars and logs). */
@FunctionalInterface
public interface FitListener {

    /**
     * Called after each epoch.
     *
     * @param epoch     1-based epoch just finished
     * @param epochs    epochs in all
     * @param loss      mean training loss of the epoch
     * @param elapsedMs time since training started
     */
    void epochEnd(int epoch, int epochs, double loss, long elapsedMs);

    /** Called after each gradient step; does nothing unless overridden. */
    default void stepEnd(int step, int stepsPerEpoch) {
    }
}
