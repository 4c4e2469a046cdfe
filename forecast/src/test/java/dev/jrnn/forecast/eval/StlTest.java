package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StlTest {
    private static final int M = 24;

    private static double trend(int t) {
        return 50 + 0.05 * t + 3 * Math.sin(2 * Math.PI * t / 400);
    }

    private static double season(int t) {
        double phase = 2 * Math.PI * (t % M) / M;
        return 4 * Math.sin(phase) + 1.5 * Math.cos(2 * phase);
    }

    private static double[] synthetic(int n, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = trend(t) + season(t) + noise * r.nextGaussian();
        }
        return x;
    }

    @Test
    @DisplayName("trend and season of a noisy synthetic series are recovered within a fraction of the noise")
    void recovers() {
        double[] x = synthetic(24 * 30, 0.3, 3);
        Stl stl = Stl.decompose(x, M, 11);
        double trendError = 0;
        double seasonError = 0;
        int count = 0;
        for (int t = 2 * M; t < x.length - 2 * M; t++) {
            trendError += Math.pow(stl.trend()[t] - trend(t), 2);
            seasonError += Math.pow(stl.seasonal()[t] - season(t), 2);
            count++;
        }
        assertTrue(Math.sqrt(trendError / count) < 0.15, "trend RMS error " + Math.sqrt(trendError / count));
        assertTrue(Math.sqrt(seasonError / count) < 0.2, "season RMS error " + Math.sqrt(seasonError / count));
        for (int t = 0; t < x.length; t++) {
            assertEquals(x[t], stl.trend()[t] + stl.seasonal()[t] + stl.remainder()[t], 1e-9);
            assertEquals(x[t] - stl.seasonal()[t], stl.seasonallyAdjusted()[t], 1e-9);
        }
    }

    @Test
    @DisplayName("a periodic season repeats exactly, phase by phase")
    void periodic() {
        double[] x = synthetic(24 * 6, 0.3, 5);
        Stl stl = Stl.periodic(x, M);
        for (int t = M; t < x.length; t++) {
            assertEquals(stl.seasonal()[t - M], stl.seasonal()[t], 1e-12);
        }
        double[] firstSeason = Arrays.copyOf(stl.seasonal(), M);
        for (int j = 0; j < M; j++) {
            assertEquals(season(j), firstSeason[j], 0.3, "phase " + j);
        }
    }

    @Test
    @DisplayName("with R's settings the decomposition is that of Cleveland's Fortran STL")
    void referenceValues() {
        // USAccDeaths without its last 12 months, s.window 11, inner passes 2, no robustness: the values
        // the reference Fortran gives (as ported to statsmodels, with the same windows, degrees and jumps)
        double[] y = BundledData.series(BundledData.entry("USAccDeaths").orElseThrow()).dropLast(12).values();
        Stl stl = Stl.decompose(y, 12, 11);
        assertEquals(9982.282764, stl.trend()[0], 1e-5);
        assertEquals(8633.767836, stl.trend()[29], 1e-5);
        assertEquals(8691.517568, stl.trend()[59], 1e-5);
        assertEquals(-859.800993, stl.seasonal()[0], 1e-5);
        assertEquals(839.184966, stl.seasonal()[29], 1e-5);
        assertEquals(-56.186724, stl.seasonal()[59], 1e-5);
    }

    @Test
    @DisplayName("STL + ETS forecasts a long season by its last cycle on top of the adjusted series' forecast, closer than seasonal naive")
    void longSeasonForecast() {
        double[] x = synthetic(24 * 12, 0.3, 9);
        TimeSeries s = TimeSeries.of("long", x);
        Forecast f = EtsForecast.forecast(s, 48, 48, 0.9);
        double[] naive = Baselines.seasonalNaive(x, 48, 48);
        double error = 0;
        double naiveError = 0;
        for (int h = 0; h < 48; h++) {
            double truth = trend(x.length + h) + season(x.length + h);
            error += Math.abs(f.point()[h] - truth);
            naiveError += Math.abs(naive[h] - truth);
            assertTrue(f.lower()[h] < f.point()[h] && f.point()[h] < f.upper()[h], "step " + h);
        }
        assertTrue(error < 0.6 * naiveError, "mean absolute error " + error / 48 + ", seasonal naive's " + naiveError / 48);
    }

    @Test
    @DisplayName("too short a series or too short a season is refused with the numbers")
    void refuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stl.decompose(new double[48], 24, 11));
        assertTrue(e.getMessage().contains("48"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stl.decompose(new double[48], 1, 11));
    }
}
