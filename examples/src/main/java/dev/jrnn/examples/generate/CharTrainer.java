package dev.jrnn.examples.generate;

import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainerBuilder;
import dev.jrnn.models.train.TrainingListener;
import java.util.function.Consumer;

/**
 * Trains a {@link CharModel} with truncated back-propagation through time, as a configuration of
 * the {@link Trainer}: the text's B {@link Streams} are one batch of sequences, each step runs one
 * chunk of every stream from the state the previous chunk ended with (detached, so gradients stop
 * at the chunk's start), minimises the cross-entropy ({@link Loss#crossEntropy()}) of the next character with
 * Adam, and clips the gradients' global norm (Pascanu et al., 2013). The state is reset to zero
 * when the streams wrap around to a new epoch.
 */
public final class CharTrainer {

    /**
     * @param batch        B, parallel streams
     * @param chunk        T, steps back-propagated through
     * @param steps        optimizer steps in all
     * @param learningRate Adam's learning rate
     * @param clip         maximum global gradient norm
     */
    public record Settings(int batch, int chunk, int steps, double learningRate, double clip) {
        public Settings {
            if (steps <= 0 || !(learningRate > 0) || !(clip > 0)) {
                throw new IllegalArgumentException("training: steps " + steps + ", learning rate " + learningRate
                        + " and clip " + clip + " must be positive");
            }
        }
    }

    /**
     * What training reached.
     *
     * @param trainLoss      mean cross-entropy of the last tenth of the steps, nats per character
     * @param validationLoss cross-entropy on the held-out text, nats per character
     * @param steps          optimizer steps taken
     * @param epochs         passes over the training text, fractional
     * @param seconds        wall-clock time
     */
    public record Result(double trainLoss, double validationLoss, int steps, double epochs, double seconds) {
    }

    private CharTrainer() {
    }

    /** Trains {@code model} in place on {@code train}, reporting progress lines to {@code log}. */
    public static Result train(CharModel model, int[] train, int[] validation, Settings s, Consumer<String> log) {
        Streams streams = new Streams(train, s.batch(), s.chunk());
        int chunks = streams.chunks();
        long start = System.nanoTime();
        Progress progress = new Progress(s.steps(), chunks, log, start);
        tbptt(s.batch(), s.chunk()).epochs((s.steps() + chunks - 1) / chunks).maxSteps(s.steps())
                .optimizer(ps -> new Adam(ps, s.learningRate())).clipNorm(s.clip()).listener(progress).build()
                .fit(model, streams.dataset(), null);
        double validationLoss = evaluate(model, validation, s.batch(), s.chunk());
        return new Result(progress.recentMean(), validationLoss, s.steps(), (double) s.steps() / chunks,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The mean cross-entropy of predicting each character of {@code ids} from the ones before it,
     * in nats per character, with the state carried across chunks and no graph recorded. The text
     * is cut into at most {@code batch} streams of whole chunks; the remainder is not scored.
     */
    public static double evaluate(CharModel model, int[] ids, int batch, int chunk) {
        int streamsThatFit = Math.max(1, Math.min(batch, (ids.length - 1) / chunk));
        int length = Math.min(chunk, ids.length - 1);
        Streams streams = new Streams(ids, streamsThatFit, length);
        return tbptt(streamsThatFit, length).build().evaluate(model, streams.dataset(), model.backend(), model.dtype());
    }

    /** All streams in one batch, in order, walked in chunks of {@code chunk}. */
    private static TrainerBuilder tbptt(int batch, int chunk) {
        return Trainer.builder().batchSize(batch).shuffle(false).truncatedBptt(chunk).loss(Loss.crossEntropy());
    }

    /** Logs every tenth of the run and averages the losses of its last tenth. */
    private static final class Progress implements TrainingListener {
        private final int steps;
        private final int chunks;
        private final Consumer<String> log;
        private final long start;
        private final int every;
        private double recent;
        private int recentCount;

        Progress(int steps, int chunks, Consumer<String> log, long start) {
            this.steps = steps;
            this.chunks = chunks;
            this.log = log;
            this.start = start;
            this.every = Math.max(1, steps / 10);
        }

        @Override
        public void onStep(StepEvent e) {
            int done = e.epoch() * chunks + e.step() + 1;
            if (done > steps - every) {
                recent += e.loss();
                recentCount++;
            }
            if (done % every == 0) {
                log.accept(String.format("step %d/%d  loss %.3f nats/char  %.0f s", done, steps, e.loss(),
                        (System.nanoTime() - start) / 1e9));
            }
        }

        double recentMean() {
            return recent / recentCount;
        }
    }
}
