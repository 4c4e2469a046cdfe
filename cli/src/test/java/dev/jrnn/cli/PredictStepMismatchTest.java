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

    @Test
    @DisplayName("daily data to a saved model whose networks read hourly calendar covariates: exit code 2, the reason")
    void dailyDataToHourlyNetworks(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        StringBuilder hourly = new StringBuilder("series,date,value\n");
        StringBuilder daily = new StringBuilder("series,date,value\n");
        for (String s : new String[] {"north", "south"}) {
            for (int t = 0; t < 24 * 14; t++) {
                String v = String.format(java.util.Locale.ROOT, "%.2f", 50 + s.length() + 8 * Math.sin(2 * Math.PI * t / 24));
                hourly.append(s).append(',').append(START.plusHours(t)).append(',').append(v).append('\n');
                daily.append(s).append(',').append(START.plusDays(t)).append(',').append(v).append('\n');
            }
        }
        Path train = java.nio.file.Files.writeString(dir.resolve("hourly.csv"), hourly);
        Path days = java.nio.file.Files.writeString(dir.resolve("daily.csv"), daily);
        Path model = dir.resolve("hourly.jrnn");
        CommandsTest.Run fit = CommandsTest.run("m4", "--train", train.toString(), "--out", dir.resolve("f.csv").toString(),
                "--epochs", "1", "--hidden", "4", "--seeds", "1", "--mlp", "0", "--quiet", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        CommandsTest.Run p = CommandsTest.run("predict", "--model", model.toString(), "--data", days.toString());
        assertEquals(2, p.exit(), p.out() + p.err());
        assertTrue(p.err().contains("series north steps by 1 day, but the network reads the calendar fields"
                + " HOUR,DAY_OF_WEEK of the series it was trained on, which step by less than a day; forecast it"
                + " with a model trained on series of its step"), p.err());
    }
}
