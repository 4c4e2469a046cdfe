package dev.jrnn.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a forecaster reading calendar covariates refuses a series of another time step")
class CalendarStepMismatchTest {
    private static final LocalDateTime START = LocalDateTime.of(2021, 1, 4, 0, 0);

    private static TimeSeries series(String name, int length, IntFunction<LocalDateTime> time) {
        TimeSeries wave = ForecastFixtures.wave(name, length, 0);
        LocalDateTime[] times = new LocalDateTime[length];
        for (int t = 0; t < length; t++) {
            times[t] = time.apply(t);
        }
        return new TimeSeries(name, wave.values(), times);
    }

    private final Forecaster hourly = ForecastTrainer.fit(new ReferenceBackend(), ForecastFixtures.small().epochs(0)
            .build(), List.of(series("load", 48, START::plusHours)), null);

    @Test
    @DisplayName("daily data to an hourly network: refused naming the series, both steps and what to do")
    void dailyDataToAnHourlyNetwork() {
        TimeSeries daily = series("shop", 48, START::plusDays);
        String expected = "series shop steps by 1 day, but the network reads the calendar fields HOUR,DAY_OF_WEEK of"
                + " the series it was trained on, which step by less than a day; forecast it with a model trained on"
                + " series of its step (or resample it to that step)";
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> hourly.forecast(daily)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> hourly.forecastAll(List.of(series("load", 48, START::plusHours), daily))).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> hourly.stream(daily)).getMessage());
        ForecastModel model = new ForecastModel(List.of(new NetworkEnsemble("lstm", List.of(hourly))), "", List.of());
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> model.forecast(daily)).getMessage());
    }

    @Test
    @DisplayName("acceptingAnyStep forecasts it, with the same weights, for a network trained on several steps on purpose")
    void acceptingAnyStep() {
        TimeSeries daily = series("shop", 48, START::plusDays);
        Forecaster any = hourly.acceptingAnyStep();
        assertEquals(6, any.forecast(daily).point().length);
        assertEquals(6, any.withScaling(hourly.scaling()).copy().forecast(daily).point().length);
        assertThrows(IllegalArgumentException.class, () -> hourly.forecast(daily));
    }

    @Test
    @DisplayName("another sub-daily step reads the same fields, and is forecast")
    void halfHoursToAnHourlyNetwork() {
        TimeSeries halfHours = series("load", 48, t -> START.plusMinutes(30L * t));
        assertEquals(6, hourly.forecast(halfHours).point().length);
    }

    @Test
    @DisplayName("a network without calendar covariates forecasts any step")
    void noCovariatesNoCheck() {
        Forecaster plain = ForecastTrainer.fit(new ReferenceBackend(), ForecastFixtures.small().epochs(0)
                .covariates(dev.jrnn.forecast.data.Covariates.NONE).build(),
                List.of(series("load", 48, START::plusHours)), null);
        assertEquals(6, plain.forecast(series("shop", 48, START::plusDays)).point().length);
    }
}
