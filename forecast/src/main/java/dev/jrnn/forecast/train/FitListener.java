package dev.jrnn.forecast.train;

import dev.jrnn.forecast.Forecaster;

/** Hears how training goes, once per epoch and step (for progress bars, logs and snapshots). */
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

    /**
     * Called after each epoch, after {@link #epochEnd}, with the forecaster as trained so far; its
     * weights change as training goes on, so use it right away (a snapshot ensemble forecasts with
     * it here). Does nothing unless overridden.
     */
    default void epochModel(int epoch, Forecaster model) {
    }

    /** Called after each gradient step; does nothing unless overridden. */
    default void stepEnd(int step, int stepsPerEpoch) {
    }
}
