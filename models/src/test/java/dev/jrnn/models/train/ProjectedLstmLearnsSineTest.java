package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProjectedLstmLearnsSineTest {

    @Test
    @DisplayName("a regressor on an LSTM with projections has a head of P inputs and learns a noisy sine to a "
            + "test MSE far below predicting the mean")
    void learnsSine() {
        Backend be = new ReferenceBackend();
        Dataset all = SineWaves.noisySine(400, 12, 17);
        Dataset train = all.range(0, 260);
        Dataset validation = all.range(260, 320);
        Dataset test = all.range(320, 400);
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(12).projSize(4).batchFirst(true).seed(5).build();
        SequenceRegressor model = new SequenceRegressor(lstm, 1, 6);
        assertEquals(Shape.of(1, 4), model.parameters().get(model.parameters().size() - 2).shape(),
                "head.weight reads the projected output");
        Trainer trainer = Trainer.builder().epochs(40).batchSize(20).seed(9).loss(Loss.mse())
                .optimizer(ps -> new Adam(ps, 0.02)).clipNorm(5.0).earlyStopping(5, 0.0, true).build();
        TrainingResult result = trainer.fit(model, train, validation);
        double testMse = trainer.evaluate(model, test, be, DType.FLOAT64);
        double baseline = SineWaves.meanPredictorMse(train, test);
        System.out.printf("noisy sine, LSTM with projections: test MSE %.5f, mean predictor %.5f, %d epochs%n",
                testMse, baseline, result.epochs());
        assertTrue(testMse < 0.1 * baseline, "test MSE " + testMse + " vs mean predictor " + baseline);
    }
}
