package dev.jrnn.cli;

import dev.jrnn.forecast.train.FitListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar over all gradient steps of a training run, showing epoch, loss and time left. */
final class TrainingProgress implements FitListener, AutoCloseable {
    private final String task;
    private final int epochs;
    private final PrintStream out;
    private ProgressBar bar;
    private long steps;

    TrainingProgress(String task, int epochs, PrintStream out) {
        this.task = task;
        this.epochs = epochs;
        this.out = out;
    }

    @Override
    public void stepEnd(int step, int stepsPerEpoch) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) stepsPerEpoch * epochs)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }
        bar.stepTo(++steps);
    }

    @Override
    public void epochEnd(int done, int total, double loss, long elapsedMs) {
        if (bar != null) {
            bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f", done, total, loss));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
