package dev.jrnn.models.train;

import dev.jrnn.api.Shape;
import java.util.Random;

/** Noisy sine data sets for learning tests. */
public final class SineWaves {
    private SineWaves() {
    }

    /**
     * Windows of {@code window} steps of a noisy sine, {@code s(t) = sin(2 pi t / 20) + N(0, 0.1^2)},
     * each labelled with the next value: inputs [window, 1], targets [1].
     */
    public static Dataset noisySine(int samples, int window, long seed) {
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

    /** The test MSE of always predicting the mean of the training targets. */
    public static double meanPredictorMse(Dataset train, Dataset test) {
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
}
