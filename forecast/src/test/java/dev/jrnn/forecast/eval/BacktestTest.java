package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.data.TimeSeries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacktestTest {

    @Test
    @DisplayName("rolling origins step back from the end by the stride and score seasonal naive on each split")
    void origins() {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        ForecastConfig c = ForecastFixtures.small().epochs(1).build();
        List<Backtest.Fold> folds = Backtest.run(new ReferenceBackend(), c, s, 3, 4, null);
        assertArrayEquals(new int[] {46, 50, 54}, folds.stream().mapToInt(Backtest.Fold::origin).toArray());
        TimeSeries train = s.slice(0, 50);
        double[] naive = Baselines.seasonalNaive(train.values(), 6, 6);
        assertEquals(Metrics.mae(s.slice(50, 56).values(), naive), folds.get(1).seasonalNaive().mae(), 1e-12);
    }

    @Test
    @DisplayName("too many origins for the series length are refused")
    void tooMany() {
        TimeSeries s = ForecastFixtures.wave("w", 40, 0);
        ForecastConfig c = ForecastFixtures.small().epochs(1).build();
        assertThrows(IllegalArgumentException.class, () -> Backtest.run(new ReferenceBackend(), c, s, 10, 6, null));
    }
}
