package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.SequenceDataset;
import dev.jrnn.models.train.SequenceRegressor;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training on variable-length sequences gives the same run on every CPU backend. */
class VariableLengthBackendsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm", "gru"})
    @DisplayName("a bucketed, weighted, variable-length run has the reference backend's losses and weights on EJML and ND4J (float64)")
    void sameRunOnEveryBackend(String cell) {
        SequenceDataset data = data(48, 7);
        List<Double> reference = train(cell, "reference", data);
        for (String backend : new String[] {"ejml", "nd4j"}) {
            List<Double> other = train(cell, backend, data);
            assertEquals(reference.size(), other.size());
            for (int i = 0; i < reference.size(); i++) {
                double scale = Math.max(1.0, Math.abs(reference.get(i)));
                assertTrue(Math.abs(reference.get(i) - other.get(i)) <= 1e-9 * scale,
                        backend + " value " + i + ": " + other.get(i) + " against the reference's " + reference.get(i));
            }
        }
    }

    /** The step losses of a short run followed by the final weights, flattened. */
    private static List<Double> train(String cell, String backendName, SequenceDataset data) {
        Backend backend = Backends.get(backendName);
        RecurrentLayer layer = RecurrentLayer.builder(cell).backend(backend).dtype(DType.FLOAT64).inputSize(2)
                .hiddenSize(6).numLayers(2).bidirectional(true).batchFirst(true).seed(3).build();
        SequenceRegressor model = new SequenceRegressor(layer, 1, 4);
        List<Double> out = new ArrayList<>();
        Trainer.builder().epochs(2).batchSize(8).seed(5).bucketByLength(2).loss(Loss.huber(1.0))
                .optimizer(ps -> new Adam(ps, 0.01)).listener(new TrainingListener() {
                    @Override
                    public void onStep(StepEvent e) {
                        out.add(e.loss());
                    }
                }).build().fit(model, data, data.range(0, 16));
        model.parameters().forEach(p -> {
            for (double v : p.value().toDoubleArray()) {
                out.add(v);
            }
        });
        return out;
    }

    /** Sequences of lengths 1..12 whose target is the mean of their first feature, weighted by length. */
    private static SequenceDataset data(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[][]> sequences = new ArrayList<>();
        double[][] targets = new double[n][];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            int length = 1 + random.nextInt(12);
            double[][] seq = new double[length][];
            double sum = 0;
            for (int t = 0; t < length; t++) {
                seq[t] = new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
                sum += seq[t][0];
            }
            sequences.add(seq);
            targets[i] = new double[] {sum / length};
            weights[i] = length;
        }
        return SequenceDataset.manyToOne(sequences, targets).withSampleWeights(weights);
    }
}
