package dev.jrnn.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.train.SequenceClassifier;
import dev.jrnn.models.train.SequenceDataset;
import dev.jrnn.models.train.SequenceTagger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Classification.evaluate on variable-length samples")
class ClassificationTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");
    private final Backend be = new ReferenceBackend();
    private final SplittableRandom random = new SplittableRandom(3);
    private final List<double[][]> sequences = new ArrayList<>();

    ClassificationTest() {
        for (int i = 0; i < 40; i++) {
            double[][] steps = new double[1 + random.nextInt(7)][3];
            for (double[] step : steps) {
                for (int k = 0; k < 3; k++) {
                    step[k] = random.nextGaussian();
                }
            }
            sequences.add(steps);
        }
    }

    private RecurrentLayer lstm() {
        return RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3).hiddenSize(6)
                .batchFirst(true).seed(11).build();
    }

    private Variable alone(double[][] steps) {
        double[] x = new double[steps.length * 3];
        for (int t = 0; t < steps.length; t++) {
            System.arraycopy(steps[t], 0, x, t * 3, 3);
        }
        return Variable.constant(be.fromArray(x, Shape.of(1, steps.length, 3), DType.FLOAT64));
    }

    @Test
    @DisplayName("a classifier's counts in padded batches are those of each sequence predicted alone, unpadded")
    void manyToOne() {
        SequenceClassifier model = new SequenceClassifier(lstm(), 4, 5);
        int[] labels = random.ints(sequences.size(), 0, 4).toArray();
        ConfusionMatrix batched = Classification.evaluate(model, SequenceDataset.manyToOneLabels(sequences, labels),
                LABELS, 8);
        ConfusionMatrix expected = new ConfusionMatrix(LABELS);
        for (int i = 0; i < sequences.size(); i++) {
            expected.add(labels[i], model.predict(alone(sequences.get(i)), null)[0]);
        }
        assertEquals(expected.toString(), batched.toString());
        assertEquals(sequences.size(), batched.total());
    }

    @Test
    @DisplayName("a tagger's padded steps are not counted: every real step is, once, as predicted alone")
    void manyToMany() {
        SequenceTagger model = new SequenceTagger(lstm(), 4, 5);
        List<int[]> labels = new ArrayList<>();
        int steps = 0;
        for (double[][] s : sequences) {
            labels.add(random.ints(s.length, 0, 4).toArray());
            steps += s.length;
        }
        ConfusionMatrix batched = Classification.evaluate(model, SequenceDataset.manyToManyLabels(sequences, labels),
                LABELS, 8);
        ConfusionMatrix expected = new ConfusionMatrix(LABELS);
        for (int i = 0; i < sequences.size(); i++) {
            int[] tags = model.predict(alone(sequences.get(i)), null)[0];
            for (int t = 0; t < tags.length; t++) {
                expected.add(labels.get(i)[t], tags[t]);
            }
        }
        assertEquals(steps, batched.total());
        assertEquals(expected.toString(), batched.toString());
    }
}
