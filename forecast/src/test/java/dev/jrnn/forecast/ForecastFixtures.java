package dev.jrnn.forecast;

import dev.jrnn.api.DType;
import dev.jrnn.forecast.data.TimeSeries;

/** Series and configurations small enough for unit tests. */
public final class ForecastFixtures {
    private ForecastFixtures() {
    }

    /** A positive seasonal series with a trend: 50 + t/4 + 10 sin(2 pi t / 6). */
    public static TimeSeries wave(String name, int n, double phase) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 50 + t / 4.0 + 10 * Math.sin(2 * Math.PI * t / 6 + phase);
        }
        return TimeSeries.of(name, v);
    }

    public static ForecastConfigBuilder small() {
        return ForecastConfig.builder(6, 6).hidden(8).inputLength(12).epochs(2).batchSize(16)
                .windowsPerSeries(16).dtype(DType.FLOAT64).seed(5);
    }
}
