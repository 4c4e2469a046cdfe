package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeasonalMeanTest {

    @Test
    @DisplayName("one season is seasonal naive")
    void oneSeasonIsSeasonalNaive() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        assertArrayEquals(Baselines.seasonalNaive(x, 7, 4), SeasonalMean.point(x, 7, 4, 1), 1e-12);
    }

    @Test
    @DisplayName("the shapes of the last seasons are averaged and put at the last season's level")
    void averagesShapesAtTheLastLevel() {
        // seasons (1, 3), (4, 8), (10, 12): shapes (-1, 1), (-2, 2), (-1, 1); the last level is 11
        double[] x = {1, 3, 4, 8, 10, 12};
        assertArrayEquals(new double[] {11 - 4.0 / 3, 11 + 4.0 / 3, 11 - 4.0 / 3},
                SeasonalMean.point(x, 3, 2, 3), 1e-12);
        assertArrayEquals(new double[] {11 - 1.5, 11 + 1.5}, SeasonalMean.point(x, 2, 2, 2), 1e-12);
        assertArrayEquals(SeasonalMean.point(x, 2, 2, 3), SeasonalMean.point(x, 2, 2, 10), 1e-12,
                "no more seasons than the series holds");
    }

    @Test
    @DisplayName("a noisy repeated pattern is forecast closer than by seasonal naive, with an interval around it")
    void dampsNoise() {
        SplittableRandom r = new SplittableRandom(5);
        double[] pattern = {10, 14, 18, 12, 8, 6};
        int n = 6 * 20;
        double[] x = new double[n + 6];
        for (int t = 0; t < x.length; t++) {
            x[t] = 100 + pattern[t % 6] + 2 * r.nextGaussian();
        }
        double[] history = java.util.Arrays.copyOf(x, n);
        Forecast f = SeasonalMean.forecast(TimeSeries.of("wave", history), 6, 6, 0.9);
        double meanError = 0;
        double naiveError = 0;
        double[] naive = Baselines.seasonalNaive(history, 6, 6);
        for (int k = 0; k < 6; k++) {
            double truth = 100 + pattern[k];
            meanError += Math.abs(f.point()[k] - truth);
            naiveError += Math.abs(naive[k] - truth);
            assertTrue(f.lower()[k] < f.point()[k] && f.point()[k] < f.upper()[k], "interval at step " + k);
        }
        assertTrue(meanError < naiveError, meanError + " vs seasonal naive " + naiveError);
        assertEquals(6, f.horizon());
    }

    @Test
    @DisplayName("a series shorter than its season is forecast by its last value; zero seasons is an error")
    void shortSeriesAndBadInput() {
        assertArrayEquals(new double[] {7, 7}, SeasonalMean.point(new double[] {5, 7}, 2, 12, 3), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeasonalMean.point(new double[] {1, 2}, 2, 1, 0));
        assertTrue(e.getMessage().contains("at least one season"), e.getMessage());
    }
}
