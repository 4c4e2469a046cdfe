package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacktestTest {

    @Test
    @DisplayName("rolling origins step back from the end by the stride, fit on the past only and score seasonal naive on each split")
    void origins() {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        List<Integer> seen = new ArrayList<>();
        List<Backtest.Fold> folds = Backtest.run(s, 6, 6, 3, 4, 12, train -> {
            seen.add(train.length());
            return Theta.forecast(train, 6, 6, 0.9);
        });
        assertEquals(List.of(46, 50, 54), seen);
        assertArrayEquals(new int[] {46, 50, 54}, folds.stream().mapToInt(Backtest.Fold::origin).toArray());
        TimeSeries train = s.slice(0, 50);
        double[] naive = Baselines.seasonalNaive(train.values(), 6, 6);
        assertEquals(Metrics.mae(s.slice(50, 56).values(), naive), folds.get(1).seasonalNaive().mae(), 1e-12);
        double[] theta = Theta.forecast(train, 6, 6, 0.9).point();
        assertEquals(Metrics.mae(s.slice(50, 56).values(), theta), folds.get(1).model().mae(), 1e-12);
    }

    @Test
    @DisplayName("too many origins for the series length are refused with the length they need")
    void tooMany() {
        TimeSeries s = ForecastFixtures.wave("w", 40, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backtest.run(s, 6, 6, 10, 6, 12, train -> Theta.forecast(train, 6, 6, 0.9)));
        assertEquals("series w of 40 observations is too short for 10 origins 6 apart: they need 72 (12 to fit on"
                + " before the first origin, 54 from the first origin to the last, a horizon of 6 after it)", e.getMessage());
        assertEquals(10, Backtest.run(ForecastFixtures.wave("w", 72, 0), 6, 6, 10, 6, 12,
                train -> Theta.forecast(train, 6, 6, 0.9)).size(), "the length the message names is enough");
    }
}
