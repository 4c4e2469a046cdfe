package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-identical resume of the classification models with their random draws on: dropout between
 * stacked layers, and scheduled sampling in a seq2seq. A fresh model's generators start from their
 * seeds, so unless the checkpoint restores them ({@link Model#randomGenerators()}) the resumed run
 * draws other masks than the uninterrupted one and its weights differ.
 */
@DisplayName("checkpoints and bit-identical resume of the classifier and seq2seq with dropout")
class SequenceModelResumeTest {
    private static final Backend BE = new ReferenceBackend();

    @TempDir
    Path dir;

    private static final class CrashAfter implements TrainingListener {
        private final int steps;

        CrashAfter(int steps) {
            this.steps = steps;
        }

        @Override
        public void onCheckpoint(CheckpointEvent event) {
            if (event.totalSteps() == steps) {
                throw new IllegalStateException("simulated crash");
            }
        }
    }

    /** Words of 1 to 9 steps of 4 features, labelled by the sign of their first feature's sum, 3 classes. */
    private static SequenceDataset words(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[][]> sequences = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[][] steps = new double[1 + r.nextInt(9)][4];
            double sum = 0;
            for (double[] step : steps) {
                for (int k = 0; k < 4; k++) {
                    step[k] = r.nextGaussian();
                }
                sum += step[0];
            }
            sequences.add(steps);
            labels[i] = sum < -1 ? 0 : sum > 1 ? 2 : 1;
        }
        return SequenceDataset.manyToOneLabels(sequences, labels);
    }

    private static SequenceClassifier classifier() {
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(BE).dtype(DType.FLOAT64).inputSize(4)
                .hiddenSize(8).numLayers(2).dropout(0.4).bidirectional(true).batchFirst(true).seed(3).build();
        return new SequenceClassifier(lstm, 3, 4);
    }

    private static Seq2Seq seq2seq() {
        RecurrentLayer encoder = RecurrentLayer.builder("gru").backend(BE).dtype(DType.FLOAT64).inputSize(5)
                .hiddenSize(8).numLayers(2).dropout(0.3).batchFirst(true).seed(5).build();
        RecurrentLayer decoder = RecurrentLayer.builder("gru").backend(BE).dtype(DType.FLOAT64).inputSize(5)
                .hiddenSize(8).numLayers(2).dropout(0.3).batchFirst(true).seed(6).build();
        return new Seq2Seq(encoder, decoder, new Seq2Seq.Tokens(4, 6, 3, 4, 5), 7).teacherForcing(0.5);
    }

    private static Dataset reversals(Seq2Seq model, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] sources = new int[n][3];
        int[][] targets = new int[n][3];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 3; t++) {
                sources[i][t] = r.nextInt(4);
                targets[i][2 - t] = sources[i][t];
            }
        }
        return model.dataset(sources, targets, 4);
    }

    private static double[] weights(Model model) {
        return model.parameters().stream().map(Parameter::value).flatMapToDouble(v ->
                java.util.Arrays.stream(v.toDoubleArray())).toArray();
    }

    /** Runs uninterrupted; then with checkpoints, crashing after step {@code crashAt}; resumes in a fresh model. */
    private <M extends Model> void assertResumeIsExact(Supplier<M> build, Supplier<TrainerBuilder> run,
                                                       Samples train, int crashAt) throws IOException {
        M whole = build.get();
        TrainingResult wholeResult = run.get().build().fit(whole, train, null);

        Checkpointing checkpoints = Checkpointing.to(dir).everySteps(crashAt).keepLast(2);
        M crashed = build.get();
        assertThrows(IllegalStateException.class, () -> run.get().checkpoints(checkpoints)
                .listener(new CrashAfter(crashAt)).build().fit(crashed, train, null));
        M fresh = build.get();
        assertNotEquals(whole.randomGenerators().values().iterator().next().state(),
                fresh.randomGenerators().values().iterator().next().state(), "the run draws from the generators");
        TrainingResult resumed = run.get().checkpoints(checkpoints).build()
                .resume(Checkpointing.latest(dir).orElseThrow(), fresh, train, null);

        double[] a = weights(whole);
        double[] b = weights(fresh);
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                throw new AssertionError("weight " + i + ": " + a[i] + " uninterrupted, " + b[i] + " resumed");
            }
        }
        assertEquals(wholeResult.epochs(), resumed.epochs());
        for (int e = 0; e < wholeResult.epochs(); e++) {
            assertTrue(wholeResult.history().get(e).trainingLoss() == resumed.history().get(e).trainingLoss(),
                    "epoch " + e + ": " + wholeResult.history().get(e) + " vs " + resumed.history().get(e));
        }
    }

    @Test
    @DisplayName("a bidirectional 2-layer LSTM classifier with dropout on bucketed variable-length words resumes mid-epoch exactly")
    void classifierResumes() throws IOException {
        SequenceDataset train = words(60, 1);
        // 60 words in batches of 8: 8 steps per epoch, the crash after step 12 is in epoch 2
        assertResumeIsExact(SequenceModelResumeTest::classifier, () -> Trainer.builder().epochs(3).batchSize(8)
                .bucketByLength(2).seed(9).loss(Loss.crossEntropy()).optimizer(ps -> new Adam(ps, 0.01)), train, 12);
    }

    @Test
    @DisplayName("a seq2seq with dropout and scheduled sampling resumes mid-epoch exactly")
    void seq2seqResumes() throws IOException {
        Dataset train = reversals(seq2seq(), 40, 2);
        assertResumeIsExact(SequenceModelResumeTest::seq2seq, () -> Trainer.builder().epochs(3).batchSize(8)
                .seed(9).loss(Loss.crossEntropy()).optimizer(ps -> new Adam(ps, 0.01)), train, 7);
    }
}
