package dev.jrnn.models.extension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.Dataset;
import dev.jrnn.models.train.SequenceRegressor;
import dev.jrnn.models.train.SineWaves;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThirdPartyCellTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private SequenceRegressor model(long seed) {
        RecurrentLayer layer = RecurrentLayer.builder("peephole_lstm").backend(be).dtype(DType.FLOAT64)
                .inputSize(1).hiddenSize(8).batchFirst(true).seed(seed).build();
        return new SequenceRegressor(layer, 1, seed + 1);
    }

    @Test
    @DisplayName("a peephole LSTM written only against the api is found, trained, saved and loaded like a built-in")
    void trainSaveLoad() throws IOException {
        Dataset all = SineWaves.noisySine(200, 10, 3);
        Dataset train = all.range(0, 160);
        Dataset test = all.range(160, 200);
        SequenceRegressor model = model(1);
        Trainer trainer = Trainer.builder().epochs(12).batchSize(16).seed(2).optimizer(ps -> new Adam(ps, 0.03))
                .build();
        TrainingResult r = trainer.fit(model, train, null);
        double testMse = trainer.evaluate(model, test, be, DType.FLOAT64);
        double baseline = SineWaves.meanPredictorMse(train, test);
        assertTrue(r.finalTrainingLoss() < 0.5 * r.history().get(0).trainingLoss(), r.history().toString());
        assertTrue(testMse < 0.25 * baseline, "test MSE " + testMse + " vs mean predictor " + baseline);

        Path file = dir.resolve("peephole.safetensors");
        StateDict.save(file, model.parameters());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_peephole_l0",
                "head.weight", "head.bias"), Safetensors.read(file).names());

        SequenceRegressor copy = model(99);
        StateDict.load(file, copy.parameters());
        for (Parameter p : model.parameters()) {
            assertArrayEquals(p.value().toDoubleArray(),
                    copy.parameters().stream().filter(q -> q.name().equals(p.name())).findFirst().orElseThrow()
                            .value().toDoubleArray(), p.name());
        }
        assertEquals(testMse, trainer.evaluate(copy, test, be, DType.FLOAT64), 0.0);
        try (var off = Autograd.noGrad()) {
            Variable x = Variable.constant(test.inputs(new int[] {0, 1}, be, DType.FLOAT64));
            assertArrayEquals(model.forward(x).value().toDoubleArray(), copy.forward(x).value().toDoubleArray(), 0.0);
        }
    }
}
