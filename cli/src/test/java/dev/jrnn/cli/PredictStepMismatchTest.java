package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.data.TimeSeries;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("predict --data warns when the new series step otherwise than the model's")
class PredictStepMismatchTest {
    private static TimeSeries series(String name, int length, IntFunction<LocalDateTime> time) {
        double[] values = new double[length];
        LocalDateTime[] times = new LocalDateTime[length];
        for (int t = 0; t < length; t++) {
            values[t] = 10 + t % 7;
            times[t] = time.apply(t);
        }
        return new TimeSeries(name, values, times);
    }

    private static final LocalDateTime START = LocalDateTime.of(2021, 1, 1, 0, 0);

    @Test
    @DisplayName("a daily model given monthly data: a warning naming the series, both steps and the file")
    void dailyModelMonthlyData() {
        TimeSeries daily = series("sales", 40, START::plusDays);
        TimeSeries monthly = series("north", 30, START::plusMonths);
        Optional<String> w = PredictCommand.stepMismatch(Path.of("sales.jrnn"), List.of(daily),
                List.of(series("east", 20, START::plusDays), monthly));
        assertEquals(Optional.of("warning: series north steps by 1 month, but sales.jrnn was fitted on series stepping"
                + " by 1 day; it forecasts with their season and horizon"), w);
    }

    @Test
    @DisplayName("the same step, or no timestamps on either side: no warning")
    void sameStepOrNoTimes() {
        TimeSeries daily = series("sales", 40, START::plusDays);
        Path file = Path.of("sales.jrnn");
        assertTrue(PredictCommand.stepMismatch(file, List.of(daily), List.of(series("x", 9, START::plusDays))).isEmpty());
        assertTrue(PredictCommand.stepMismatch(file, List.of(), List.of(series("x", 9, START::plusMonths))).isEmpty());
        assertTrue(PredictCommand.stepMismatch(file, List.of(TimeSeries.of("m4", 1, 2, 3)),
                List.of(series("x", 9, START::plusMonths))).isEmpty());
        assertTrue(PredictCommand.stepMismatch(file, List.of(daily), List.of(TimeSeries.of("y", 1, 2, 3))).isEmpty());
    }
}
