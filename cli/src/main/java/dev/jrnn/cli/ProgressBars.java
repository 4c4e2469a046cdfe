package dev.jrnn.cli;

import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.train.FitListener;

/** One console progress bar per training run, on stderr; the previous one is closed when the next starts. */
final class ProgressBars implements AutoCloseable, AutoForecaster.Progress {
    private final boolean quiet;
    private TrainingProgress current;

    ProgressBars(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public FitListener start(String task, int epochs) {
        close();
        if (quiet) {
            return null;
        }
        current = new TrainingProgress(task, epochs, System.err);
        return current;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
