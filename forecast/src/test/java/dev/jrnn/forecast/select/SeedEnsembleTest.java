package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeedEnsembleTest {

    @Test
    @DisplayName("the ensemble forecast is the step-by-step median of its members' forecasts")
    void median() {
        Forecast a = new Forecast("s", new double[] {1, 9}, new double[] {0, 8}, new double[] {2, 10}, 0.9, null);
        Forecast b = new Forecast("s", new double[] {3, 7}, new double[] {2, 6}, new double[] {4, 8}, 0.9, null);
        Forecast c = new Forecast("s", new double[] {2, 8}, new double[] {1, 7}, new double[] {3, 9}, 0.9, null);
        Forecast m = SeedEnsemble.median(List.of(a, b, c));
        assertArrayEquals(new double[] {2, 8}, m.point());
        assertArrayEquals(new double[] {1, 7}, m.lower());
        assertArrayEquals(new double[] {3, 9}, m.upper());
        assertArrayEquals(new double[] {2, 8}, SeedEnsemble.median(List.of(a, b)).point());
    }

    @Test
    @DisplayName("a one-member, one-snapshot ensemble forecasts as its trained forecaster does")
    void oneMember() {
        TimeSeries s = ForecastFixtures.wave("w", 48, 0);
        ForecastConfig c = ForecastFixtures.small().build();
        SeedEnsemble.Result r = new SeedEnsemble(new ReferenceBackend(), 1, 1).fit(c, s, k -> null);
        assertNotNull(r.first());
        assertArrayEquals(r.first().forecast(s).point(), r.forecast().point(), 1e-12);
        assertEquals(c.horizon(), r.forecast().horizon());
        assertThrows(IllegalArgumentException.class, () -> new SeedEnsemble(new ReferenceBackend(), 0, 1));
    }

    @Test
    @DisplayName("companions join the training set of a global model, and the forecast is still of the own series")
    void companions() {
        TimeSeries s = ForecastFixtures.wave("w", 48, 0);
        TimeSeries other = ForecastFixtures.wave("v", 60, 1);
        ForecastConfig c = ForecastFixtures.small().build();
        SeedEnsemble ensemble = new SeedEnsemble(new ReferenceBackend(), 1, 1);
        SeedEnsemble.Result alone = ensemble.fit(c, s, k -> null);
        SeedEnsemble.Result cross = ensemble.fit(c, s, List.of(other), k -> null);
        assertEquals("w", cross.forecast().series());
        assertArrayEquals(cross.first().forecast(s).point(), cross.forecast().point(), 1e-12);
        assertFalse(java.util.Arrays.equals(alone.forecast().point(), cross.forecast().point()),
                "the companion's windows change what is learnt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ensemble.fit(c, s, List.of(ForecastFixtures.wave("tiny", 10, 0)), k -> null));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
    }
}
