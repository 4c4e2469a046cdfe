package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.Dataset;
import dev.jrnn.models.train.SequenceRegressor;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingResult;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "model in ten lines", as written there, so the front page stays true. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the README's ten-line example builds, trains and saves an LSTM with PyTorch's names")
    void readmeExampleRuns() throws Exception {
        Dataset all = windows(160, 12);
        Dataset trainingSet = all.range(0, 128);
        Dataset validationSet = all.range(128, 160);
        Path file = dir.resolve("lstm.safetensors");

        // --- as in README.md ---
        Backend backend = Backends.get();
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(backend).dtype(DType.FLOAT32)
                .inputSize(1).hiddenSize(32).numLayers(1).batchFirst(true).seed(7).build();
        SequenceRegressor model = new SequenceRegressor(lstm, 1, 7);
        Trainer trainer = Trainer.builder().epochs(40).batchSize(32).loss(Loss.mse())
                .optimizer(params -> new Adam(params, 0.01)).clipNorm(5.0)
                .earlyStopping(5, 0.0, true).build();
        TrainingResult result = trainer.fit(model, trainingSet, validationSet);
        StateDict.save(file, lstm.parameters());
        // --- end ---

        assertTrue(result.epochs() >= 1);
        var names = Safetensors.read(file).names();
        assertTrue(names.containsAll(java.util.List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")),
                "saved names: " + names);
    }

    /** Windows of a sine, each labelled with the next value. */
    private static Dataset windows(int samples, int window) {
        double[] x = new double[samples * window];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            for (int t = 0; t < window; t++) {
                x[i * window + t] = Math.sin(2 * Math.PI * (i + t) / 20.0);
            }
            y[i] = Math.sin(2 * Math.PI * (i + window) / 20.0);
        }
        return new Dataset(x, Shape.of(window, 1), y, Shape.of(1));
    }
}
