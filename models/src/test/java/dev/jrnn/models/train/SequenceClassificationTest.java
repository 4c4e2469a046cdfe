package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.metrics.Classification;
import dev.jrnn.models.metrics.ConfusionMatrix;
import dev.jrnn.models.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SequenceClassifier and SequenceTagger: lengths, gradients, and learning with cross-entropy")
class SequenceClassificationTest {
    private final Backend be = new ReferenceBackend();

    private RecurrentLayer layer(String cell, int input, int hidden, int layers, boolean bidirectional, DType dtype,
                                 long seed) {
        return RecurrentLayer.builder(cell).backend(be).dtype(dtype).inputSize(input).hiddenSize(hidden)
                .numLayers(layers).bidirectional(bidirectional).batchFirst(true).seed(seed).build();
    }

    private Variable random(long seed, DType dtype, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return Variable.input(be.fromArray(d, Shape.of(dims), dtype), "x");
    }

    @Test
    @DisplayName("with lengths, each row's logits are those of its sequence cut to its length, run alone (1 and 2 directions)")
    void lengthsMatchSequencesRunAlone() {
        for (boolean bidirectional : new boolean[] {false, true}) {
            try (TensorScope scope = TensorScope.open()) {
                SequenceClassifier classifier = new SequenceClassifier(
                        layer("gru", 3, 5, 2, bidirectional, DType.FLOAT64, 4), 4, 9);
                SequenceTagger tagger = new SequenceTagger(layer("lstm", 3, 5, 1, bidirectional, DType.FLOAT64, 5), 4, 9);
                Variable x = random(1, DType.FLOAT64, 3, 6, 3);
                int[] lengths = {6, 2, 4};
                Variable logits = classifier.forward(x, lengths);
                Variable tags = tagger.forward(x, lengths);
                assertEquals(Shape.of(3, 4), logits.shape());
                assertEquals(Shape.of(3, 6, 4), tags.shape());
                for (int b = 0; b < 3; b++) {
                    Variable alone = Ops.slice(Ops.slice(x, 0, b, b + 1), 1, 0, lengths[b]);
                    assertArrayEquals(classifier.forward(alone).value().toDoubleArray(),
                            Ops.slice(logits, 0, b, b + 1).value().toDoubleArray(), 1e-14, "classifier row " + b);
                    assertArrayEquals(tagger.forward(alone).value().toDoubleArray(),
                            Ops.slice(Ops.slice(tags, 0, b, b + 1), 1, 0, lengths[b]).value().toDoubleArray(), 1e-14,
                            "tagger row " + b);
                }
                int[][] predicted = tagger.predict(x, lengths);
                assertEquals(-1, predicted[1][2]);
                assertTrue(predicted[1][1] >= 0 && predicted[1][1] < 4);
            }
        }
    }

    @Test
    @DisplayName("cross-entropy through the classifier and tagger with lengths matches central differences")
    void gradients() {
        try (TensorScope scope = TensorScope.open()) {
            SequenceClassifier classifier = new SequenceClassifier(layer("lstm", 2, 3, 1, true, DType.FLOAT64, 6), 3, 2);
            SequenceTagger tagger = new SequenceTagger(layer("rnn_tanh", 2, 3, 1, false, DType.FLOAT64, 7), 3, 2);
            Variable x = random(3, DType.FLOAT64, 2, 4, 2);
            int[] lengths = {4, 3};
            Variable classes = Variable.constant(be.fromArray(new double[] {2, 0}, Shape.of(2), DType.FLOAT64));
            Variable tags = Variable.constant(be.fromArray(new double[] {0, 1, 2, 1, 2, 2, 0, -100}, Shape.of(2, 4),
                    DType.FLOAT64));
            List<Variable> leaves = new ArrayList<>(classifier.parameters());
            leaves.add(x);
            GradientCheck.Report c = GradientCheck.run(leaves,
                    () -> Loss.crossEntropy().apply(classifier.forward(x, lengths), classes), 1L);
            assertTrue(c.maxError() < 1e-7, "classifier: " + c.maxError() + " at " + c.where());
            List<Variable> tagLeaves = new ArrayList<>(tagger.parameters());
            tagLeaves.add(x);
            GradientCheck.Report t = GradientCheck.run(tagLeaves,
                    () -> Loss.crossEntropy().apply(tagger.forward(x, lengths), tags), 1L);
            assertTrue(t.maxError() < 1e-7, "tagger: " + t.maxError() + " at " + t.where());
        }
    }

    /** Sequences of 3 channels; the class is the channel with the largest sum. */
    private static Dataset argmaxOfSums(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * steps * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] sums = new double[3];
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < 3; c++) {
                    double v = r.nextDouble(-1, 1);
                    x[(i * steps + t) * 3 + c] = v;
                    sums[c] += v;
                }
            }
            y[i] = sums[0] > sums[1] ? (sums[0] > sums[2] ? 0 : 2) : (sums[1] > sums[2] ? 1 : 2);
        }
        return new Dataset(x, Shape.of(steps, 3), y, Shape.of());
    }

    @Test
    @DisplayName("a GRU classifier learns which of 3 channels has the largest sum: held-out accuracy above 85% (chance 33%)")
    void classifierLearns() {
        SequenceClassifier model = new SequenceClassifier(layer("gru", 3, 16, 1, false, DType.FLOAT32, 11), 3, 12);
        Dataset train = argmaxOfSums(600, 6, 1);
        Dataset test = argmaxOfSums(300, 6, 2);
        Trainer.builder().epochs(25).batchSize(32).seed(3).loss(Loss.crossEntropy())
                .optimizer(ps -> new Adam(ps, 0.02)).build().fit(model, train, null);
        ConfusionMatrix m = Classification.evaluate(model, test, List.of("a", "b", "c"), 64);
        assertEquals(300, m.total());
        assertTrue(m.accuracy() > 0.85, "accuracy " + m.accuracy() + "\n" + m);
        assertTrue(model.toString().contains("(layer): GRU(3, 16, batch_first=True)")
                && model.toString().contains("out_features=3"), model.toString());
    }

    /** Sequences of 1 channel; step t's tag is 1 when x_t is above x_{t-1} (0 at t = 0). */
    private static Dataset rises(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * steps];
        double[] y = new double[n * steps];
        for (int i = 0; i < n * steps; i++) {
            x[i] = r.nextDouble(-1, 1);
            y[i] = i % steps > 0 && x[i] > x[i - 1] ? 1 : 0;
        }
        return new Dataset(x, Shape.of(steps, 1), y, Shape.of(steps));
    }

    @Test
    @DisplayName("an LSTM tagger learns to tag rises (needs the previous step): per-step accuracy above 90%")
    void taggerLearns() {
        SequenceTagger model = new SequenceTagger(layer("lstm", 1, 12, 1, false, DType.FLOAT32, 13), 2, 14);
        Trainer.builder().epochs(20).batchSize(32).seed(3).loss(Loss.crossEntropy())
                .optimizer(ps -> new Adam(ps, 0.02)).build().fit(model, rises(400, 8, 1), null);
        ConfusionMatrix m = Classification.evaluate(model, rises(200, 8, 2), List.of("flat", "rise"), 64);
        assertEquals(1600, m.total());
        assertTrue(m.accuracy() > 0.9, "accuracy " + m.accuracy() + "\n" + m);
    }

    @Test
    @DisplayName("a rank-2 input is refused naming the [B, T, I] layout")
    void badInput() {
        SequenceClassifier model = new SequenceClassifier(layer("gru", 3, 4, 1, false, DType.FLOAT64, 1), 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(random(1, DType.FLOAT64, 2, 3)));
        assertTrue(e.getMessage().contains("[B, T, I]"), e.getMessage());
    }
}
