package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    /** A multiplicative series: level 100 times the pattern, repeated for {@code cycles} seasons. */
    static double[] seasonal(double[] pattern, int cycles) {
        double[] x = new double[pattern.length * cycles];
        for (int t = 0; t < x.length; t++) {
            x[t] = 100 * pattern[t % pattern.length];
        }
        return x;
    }

    @Test
    @DisplayName("naive repeats the last value and seasonal naive the last season")
    void naiveAndSeasonalNaive() {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        assertArrayEquals(new double[] {7, 7, 7}, Baselines.naive(x, 3));
        assertArrayEquals(new double[] {5, 6, 7, 5, 6}, Baselines.seasonalNaive(x, 5, 3));
    }

    @Test
    @DisplayName("a strongly seasonal series passes the 90% autocorrelation test and white noise does not")
    void seasonalityTest() {
        assertTrue(Seasonality.isSeasonal(seasonal(new double[] {0.5, 1.5, 1.0, 1.0}, 6), 4));
        SplittableRandom r = new SplittableRandom(3);
        double[] noise = new double[200];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 10 + r.nextGaussian();
        }
        assertFalse(Seasonality.isSeasonal(noise, 12));
        assertFalse(Seasonality.isSeasonal(new double[] {1, 2, 1, 2, 1}, 2), "shorter than three seasons");
    }

    @Test
    @DisplayName("the multiplicative decomposition recovers a pure seasonal pattern")
    void indicesRecoverThePattern() {
        double[] pattern = {0.5, 1.5, 1.2, 0.8};
        assertArrayEquals(pattern, Seasonality.multiplicativeIndices(seasonal(pattern, 5), 4), 1e-12);
        double[] odd = {0.7, 1.3, 1.0};
        assertArrayEquals(odd, Seasonality.multiplicativeIndices(seasonal(odd, 5), 3), 1e-12);
    }

    @Test
    @DisplayName("Naive2 forecasts a seasonal series exactly and a non-seasonal one as naive")
    void naive2() {
        double[] pattern = {0.5, 1.5, 1.2, 0.8};
        double[] x = seasonal(pattern, 6);
        double[] expected = {50, 150, 120, 80, 50, 150};
        double[] shifted = java.util.Arrays.copyOf(x, x.length - 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 3, 6), Baselines.naive2(shifted, 3, 4), 1e-9);
        double[] flat = {5, 6, 5, 7, 6};
        assertArrayEquals(Baselines.naive(flat, 4), Baselines.naive2(flat, 4, 2));
    }

    @Test
    @DisplayName("the autocorrelation equals the hand-computed value")
    void acfByHand() {
        double[] x = {1, 2, 3, 4};
        // mean 2.5, deviations -1.5 -0.5 0.5 1.5, denominator 5; lag 1: 0.75 - 0.25 + 0.75 = 1.25
        assertEquals(0.25, Seasonality.acf(x, 1)[0], 1e-12);
    }

    @Test
    @DisplayName("values of 1e200 (squares overflow) test seasonal and get Naive2's forecast scaled, not NaN")
    void hugeValues() {
        double[] pattern = {0.5, 1.5, 1.2, 0.8};
        SplittableRandom r = new SplittableRandom(5);
        double[] x = seasonal(pattern, 6);
        for (int t = 0; t < x.length; t++) {
            x[t] *= 1 + 0.05 * r.nextGaussian();
        }
        for (double scale : new double[] {1e200, 1e306}) {
            double[] big = java.util.Arrays.stream(x).map(v -> v * scale).toArray();
            double[] acf = Seasonality.acf(x, 4);
            double[] bigAcf = Seasonality.acf(big, 4);
            for (int k = 0; k < 4; k++) {
                assertEquals(acf[k], bigAcf[k], 1e-12, "lag " + (k + 1));
            }
            assertTrue(Seasonality.isSeasonal(big, 4));
            assertArrayEquals(Seasonality.multiplicativeIndices(x, 4), Seasonality.multiplicativeIndices(big, 4), 1e-12);
            double[] expected = Baselines.naive2(x, 4, 4);
            double[] forecast = Baselines.naive2(big, 4, 4);
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[k], forecast[k] / scale, 1e-9 * expected[k], "step " + (k + 1));
            }
        }
    }
}
