package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.Dataset;
import dev.jrnn.models.train.SequenceRegressor;
import dev.jrnn.models.train.Trainer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A model trained on one backend, saved, and loaded on another gives the same outputs. */
class CrossBackendModelTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} model trained on {1} predicts the same on {2}")
    @CsvSource({"lstm, ejml, nd4j", "gru, ejml, nd4j", "rnn_tanh, nd4j, ejml", "lstm, nd4j, ejml", "gru, nd4j, reference"})
    @DisplayName("a model trained on one backend, saved and loaded on another, gives the same outputs in float64")
    void trainedModelMovesBetweenBackends(String cell, String from, String to) throws Exception {
        Backend source = Backends.get(from);
        Backend target = Backends.get(to);
        Dataset data = noisySine(120, 10, 3);

        SequenceRegressor trained = model(cell, source, 11);
        Trainer trainer = Trainer.builder().epochs(3).batchSize(16).seed(5).loss(Loss.mse())
                .optimizer(ps -> new Adam(ps, 0.01)).build();
        trainer.fit(trained, data, data.range(100, 120));
        Path file = dir.resolve(cell + ".safetensors");
        StateDict.save(file, trained.parameters());

        SequenceRegressor loaded = model(cell, target, 99);
        StateDict.load(file, loaded.parameters());

        double[] expected = predict(trained, data, source);
        double[] actual = predict(loaded, data, target);
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-9 * Math.max(1.0, scale),
                    "prediction " + i + ": " + from + " gives " + expected[i] + ", " + to + " gives " + actual[i]);
        }
    }

    private static SequenceRegressor model(String cell, Backend backend, long seed) {
        RecurrentLayer layer = RecurrentLayer.builder(cell).backend(backend).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(8).numLayers(2).batchFirst(true).seed(seed).build();
        return new SequenceRegressor(layer, 1, seed + 1);
    }

    private static double[] predict(SequenceRegressor model, Dataset data, Backend backend) {
        model.train(false);
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            Tensor x = data.inputs(all, backend, DType.FLOAT64);
            return model.forward(Variable.constant(x)).value().toDoubleArray();
        }
    }

    /** Windows of a noisy sine, each labelled with the next value. */
    private static Dataset noisySine(int samples, int window, long seed) {
        Random noise = new Random(seed);
        double[] series = new double[samples + window];
        for (int t = 0; t < series.length; t++) {
            series[t] = Math.sin(2 * Math.PI * t / 20.0) + 0.1 * noise.nextGaussian();
        }
        double[] x = new double[samples * window];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            System.arraycopy(series, i, x, i * window, window);
            y[i] = series[i + window];
        }
        return new Dataset(x, Shape.of(window, 1), y, Shape.of(1));
    }
}
