package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.forecast.Forecast;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForecastCombinationTest {

    private static Forecast forecast(double... point) {
        double[] lower = java.util.Arrays.stream(point).map(v -> v - 1).toArray();
        double[] upper = java.util.Arrays.stream(point).map(v -> v + 2).toArray();
        return new Forecast("s", point, lower, upper, 0.9, null);
    }

    @Test
    @DisplayName("point and bounds are the step-by-step means; one forecast is returned unchanged")
    void stepByStepMean() {
        Forecast m = ForecastCombination.mean(List.of(forecast(1, 2, 3), forecast(3, 6, 0), forecast(5, 1, 3)));
        assertArrayEquals(new double[] {3, 3, 2}, m.point(), 1e-12);
        assertArrayEquals(new double[] {2, 2, 1}, m.lower(), 1e-12);
        assertArrayEquals(new double[] {5, 5, 4}, m.upper(), 1e-12);
        Forecast one = forecast(4, 5);
        assertSame(one, ForecastCombination.mean(List.of(one)));
    }

    @Test
    @DisplayName("no forecasts, or forecasts of different horizons, are rejected")
    void rejectsMismatch() {
        assertThrows(IllegalArgumentException.class, () -> ForecastCombination.mean(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastCombination.mean(List.of(forecast(1, 2), forecast(1, 2, 3))));
    }
}
