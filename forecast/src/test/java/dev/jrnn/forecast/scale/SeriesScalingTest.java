package dev.jrnn.forecast.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesScalingTest {
    private final Backend backend = new ReferenceBackend();

    /** The fixture wave shifted by {@code shift}: positive for 0, crossing zero for -60. */
    private static TimeSeries wave(String name, int n, double shift) {
        double[] v = ForecastFixtures.wave(name, n, 0).values().clone();
        for (int t = 0; t < n; t++) {
            v[t] += shift;
        }
        return TimeSeries.of(name, v);
    }

    private static void assertFinite(Forecast f) {
        for (double[] a : List.of(f.point(), f.lower(), f.upper())) {
            assertTrue(Arrays.stream(a).allMatch(Double::isFinite), Arrays.toString(a));
        }
    }

    @Test
    @DisplayName("the log is taken of a series whose values are all positive, and not of one with a zero or below")
    void decidedPerSeries() {
        ForecastConfig c = ForecastFixtures.small().build();
        TimeSeries positive = wave("p", 40, 0);
        TimeSeries zero = wave("z", 40, 0);
        zero.values()[3] = 0;
        SeriesScaling s = SeriesScaling.fit(c, List.of(positive, zero));
        assertEquals(Map.of("p", true, "z", false), s.logs());
        assertTrue(s.scaler(positive, 0).log());
        assertFalse(s.scaler(zero, 20).log(), "decided on the series, not on the window, which is positive");
        assertFalse(SeriesScaling.fit(ForecastFixtures.small().log(false).build(), List.of(positive))
                .scaler(positive, 0).log());
    }

    @Test
    @DisplayName("a training series keeps its decision when forecast from a part of it; another series is decided on its history")
    void recordedDecisionKept() {
        TimeSeries history = wave("z", 40, 0);
        history.values()[0] = -1;
        SeriesScaling s = SeriesScaling.fit(ForecastFixtures.small().build(), List.of(history));
        TimeSeries recent = history.slice(10, 40);
        assertFalse(s.scaler(recent, 0).log(), "the recent part is positive, but the series was trained without the log");
        assertTrue(s.scaler(new TimeSeries("other", recent.values(), null), 0).log());
    }

    @Test
    @DisplayName("a training series logged in training but no longer positive is refused under STANDARD scaling")
    void standardRefusesChangedSeries() {
        ForecastConfig c = ForecastFixtures.small().scaling(ScalingMode.STANDARD).build();
        TimeSeries p = wave("p", 40, 0);
        SeriesScaling s = SeriesScaling.fit(c, List.of(p));
        double[] changed = p.values().clone();
        changed[5] = 0;
        var e = assertThrows(IllegalArgumentException.class, () -> s.scaler(TimeSeries.of("p", changed), 0));
        assertTrue(e.getMessage().contains("series p was trained log-scaled"), e.getMessage());
    }

    @Test
    @DisplayName("series with zeros, negatives or a constant value train and forecast finite values, the same after loading")
    void nonPositiveAndConstantSeries(@TempDir Path dir) throws IOException {
        TimeSeries crossing = wave("crossing", 40, -60);
        TimeSeries positive = wave("positive", 40, 0);
        TimeSeries zeros = TimeSeries.of("zeros", new double[40]);
        double[] five = new double[40];
        Arrays.fill(five, 5);
        TimeSeries constant = TimeSeries.of("constant", five);
        List<TimeSeries> all = List.of(crossing, positive, zeros, constant);
        for (ScalingMode mode : ScalingMode.values()) {
            ForecastConfig c = ForecastFixtures.small().scaling(mode).deseasonalise(mode == ScalingMode.LAST_WINDOW)
                    .build();
            Forecaster f = ForecastTrainer.fit(backend, c, all, null);
            assertEquals(Map.of("crossing", false, "positive", true, "zeros", false, "constant", true),
                    f.scaling().logs());
            Path file = dir.resolve(mode + ".safetensors");
            f.save(file);
            Forecaster g = Forecaster.load(backend, file);
            assertEquals(f.scaling().logs(), g.scaling().logs());
            for (TimeSeries s : all) {
                Forecast a = f.forecast(s);
                assertFinite(a);
                assertArrayEquals(a.point(), g.forecast(s).point(), 1e-12, mode + " " + s.name());
            }
            TimeSeries recentCrossing = crossing.slice(crossing.length() - 12, crossing.length());
            assertArrayEquals(f.forecast(recentCrossing).point(), g.forecast(recentCrossing).point(), 1e-12);
        }
    }

    @Test
    @DisplayName("last-window scaling without the log divides by the window's spread when its level is near zero")
    void nearZeroLevel() {
        double[] x = {-1, 1, -1, 1};
        Scaler s = Scaler.lastWindow("s", x, 0, 4, false, 1, false);
        assertEquals(0, s.level(), 1e-12);
        assertEquals(1, s.scale(), 1e-12);
        assertEquals(1, s.apply(1, 0), 1e-12);
        Scaler far = Scaler.lastWindow("s", new double[] {99, 101}, 0, 2, false, 1, false);
        assertEquals(100, far.scale(), 1e-12);
    }

    @Test
    @DisplayName("decisions of whole histories given for series forecast from their last window; recorded ones still win")
    void givenHistories() {
        ForecastConfig c = ForecastFixtures.small().build();
        TimeSeries trained = wave("t", 40, 0);
        SeriesScaling s = SeriesScaling.fit(c, List.of(trained));
        TimeSeries tail = wave("new", 40, 0);
        assertTrue(s.scaler(tail, 0).log(), "decided on the history it is given: all positive");
        SeriesScaling told = s.withHistories(Map.of("new", false, "t", false), Map.of());
        assertFalse(told.scaler(tail, 0).log(), "the whole history held a value that is not positive");
        assertTrue(told.scaler(trained, 0).log(), "a training series keeps its recorded decision");
        assertEquals(Map.of("t", true), told.logs(), "given decisions are not saved");

        ForecastConfig standard = ForecastFixtures.small().scaling(ScalingMode.STANDARD).log(false).build();
        Scaler whole = new Scaler(7, 3, false, null);
        SeriesScaling std = SeriesScaling.fit(standard, List.of(trained)).withHistories(Map.of(), Map.of("new", whole));
        assertEquals(whole, std.scaler(tail, 5));
        assertEquals(Scaler.standard("t", trained.values(), false).level(), std.scaler(trained, 0).level(), 1e-12);
        assertTrue(std.standardScalers().keySet().equals(java.util.Set.of("t")));
    }
}
