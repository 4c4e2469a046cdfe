package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Adam;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LstmLearnsSineTest {
    private static final int WINDOW = 12;

    /** Windows of a noisy sine, {@code s(t) = sin(2 pi t / 20) + N(0, 0.1^2)}, each labelled with the next value. */
    static Dataset noisySine(int samples, long seed) {
        Random noise = new Random(seed);
        double[] series = new double[samples + WINDOW];
        for (int t = 0; t < series.length; t++) {
            series[t] = Math.sin(2 * Math.PI * t / 20.0) + 0.1 * noise.nextGaussian();
        }
        double[] x = new double[samples * WINDOW];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            System.arraycopy(series, i, x, i * WINDOW, WINDOW);
            y[i] = series[i + WINDOW];
        }
        return new Dataset(x, Shape.of(WINDOW, 1), y, Shape.of(1));
    }

    /** The test MSE of always predicting the training targets' mean. */
    static double meanPredictorMse(Dataset train, Dataset test) {
        double mean = 0;
        for (int i = 0; i < train.size(); i++) {
            mean += train.target(i)[0];
        }
        mean /= train.size();
        double mse = 0;
        for (int i = 0; i < test.size(); i++) {
            double d = test.target(i)[0] - mean;
            mse += d * d;
        }
        return mse / test.size();
    }

    @Test
    @DisplayName("a small LSTM learns a noisy sine to a test MSE far below predicting the mean")
    void learnsSine() {
        Backend be = new ReferenceBackend();
        Dataset all = noisySine(400, 17);
        Dataset train = all.range(0, 260);
        Dataset validation = all.range(260, 320);
        Dataset test = all.range(320, 400);
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(12).batchFirst(true).seed(5).build();
        SequenceRegressor model = new SequenceRegressor(lstm, 1, 6);
        Trainer trainer = Trainer.builder().epochs(40).batchSize(20).seed(9).loss(Loss.mse())
                .optimizer(ps -> new Adam(ps, 0.02)).clipNorm(5.0).earlyStopping(5, 0.0, true).build();
        TrainingResult result = trainer.fit(model, train, validation);
        double testMse = trainer.evaluate(model, test, be, DType.FLOAT64);
        double baseline = meanPredictorMse(train, test);
        System.out.printf("noisy sine: test MSE %.5f, mean predictor %.5f, %d epochs, best %d%n", testMse, baseline,
                result.epochs(), result.bestEpoch());
        assertTrue(testMse < 0.1 * baseline, "test MSE " + testMse + " vs mean predictor " + baseline);
    }
}
