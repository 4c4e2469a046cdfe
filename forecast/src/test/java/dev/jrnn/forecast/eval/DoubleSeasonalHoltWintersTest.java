package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DoubleSeasonalHoltWintersTest {
    private static final int DAY = 6;
    private static final int WEEK = 7 * DAY;

    /** A daily cycle, a weekend lower than the week days, noise of {@code noise}. */
    private static double[] demand(int n, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] day = {60, 80, 120, 140, 110, 70};
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            boolean weekend = (t / DAY) % 7 >= 5;
            x[t] = day[t % DAY] * (weekend ? 0.7 : 1.0) + noise * r.nextGaussian();
        }
        return x;
    }

    @Test
    @DisplayName("a noiseless week of daily cycles is forecast exactly, a week ahead")
    void exactOnARepeatedWeek() {
        double[] x = demand(WEEK * 6 + WEEK, 0, 1);
        double[] history = Arrays.copyOf(x, WEEK * 6);
        Forecast f = DoubleSeasonalHoltWinters.forecast(TimeSeries.of("load", history), WEEK, WEEK, 0.9);
        assertArrayEquals(Arrays.copyOfRange(x, WEEK * 6, x.length), f.point(), 1e-6);
    }

    @Test
    @DisplayName("on noisy data it beats seasonal naive and keeps the weekend apart from the week days")
    void beatsSeasonalNaiveOnNoise() {
        double[] x = demand(WEEK * 10 + WEEK, 8, 3);
        double[] history = Arrays.copyOf(x, WEEK * 10);
        double[] truth = demand(WEEK * 10 + WEEK, 0, 3);
        Forecast f = DoubleSeasonalHoltWinters.forecast(TimeSeries.of("load", history), WEEK, WEEK, 0.9);
        double[] naive = Baselines.seasonalNaive(history, WEEK, WEEK);
        double error = 0;
        double naiveError = 0;
        for (int k = 0; k < WEEK; k++) {
            error += Math.abs(f.point()[k] - truth[WEEK * 10 + k]);
            naiveError += Math.abs(naive[k] - truth[WEEK * 10 + k]);
            assertTrue(f.lower()[k] < f.point()[k] && f.point()[k] < f.upper()[k], "interval at step " + k);
        }
        assertTrue(error < 0.7 * naiveError, error + " vs seasonal naive " + naiveError);
        double weekday = f.point()[3];
        double weekend = f.point()[5 * DAY + 3];
        assertEquals(0.7, weekend / weekday, 0.1, "the weekend's peak relative to a week day's");
    }

    @Test
    @DisplayName("the intervals widen (relatively) with the horizon and the weights stay within (0, 1)")
    void intervalsAndWeights() {
        double[] history = demand(WEEK * 8, 5, 9);
        DoubleSeasonalHoltWinters model = DoubleSeasonalHoltWinters.fit(history, WEEK);
        assertArrayEquals(new int[] {DAY, WEEK}, model.periods());
        for (double w : model.weights()) {
            assertTrue(w > 0 && w < 1, "weight " + w);
        }
        Forecast f = model.forecast(TimeSeries.of("load", history), WEEK, 0.9);
        // a positive series is modelled on its logarithm: the interval's width there is its log ratio
        assertTrue(Math.log(f.upper()[WEEK - 1] / f.lower()[WEEK - 1]) > Math.log(f.upper()[0] / f.lower()[0]));
    }

    @Test
    @DisplayName("a series shorter than two weeks keeps the daily cycle alone; a season not made of days, itself alone")
    void fewerSeasons() {
        assertArrayEquals(new int[] {1, DAY}, DoubleSeasonalHoltWinters.fit(demand(WEEK + 5, 1, 2), WEEK).periods());
        assertArrayEquals(new int[] {1, 12}, DoubleSeasonalHoltWinters.fit(demand(60, 1, 2), 12).periods());
        assertArrayEquals(new int[] {1, 1}, DoubleSeasonalHoltWinters.fit(new double[] {1, 2, 3, 4}, 1).periods());
        assertThrows(IllegalArgumentException.class, () -> DoubleSeasonalHoltWinters.fit(new double[] {1, 2}, WEEK));
    }
}
