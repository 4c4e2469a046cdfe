package dev.jrnn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonFiniteValuesTest {
    private final Backend backend = new ReferenceBackend();

    private static TimeSeries withValue(TimeSeries s, int index, double value) {
        double[] v = s.values().clone();
        v[index] = value;
        return new TimeSeries(s.name(), v, s.times());
    }

    private Forecaster trained(TimeSeries s) {
        return ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(1).build(), List.of(s), null);
    }

    @Test
    @DisplayName("a NaN or infinity in a history is refused by every forecaster, naming the series and the observation")
    void historyWithNaN() {
        TimeSeries good = ForecastFixtures.wave("shop 7", 60, 0);
        Forecaster net = trained(good);
        StatisticalMethod theta = new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9);
        ForecastModel model = new ForecastModel(List.of(new NetworkEnsemble("net", List.of(net)), theta), "", List.of());
        TimeSeries nan = withValue(good, 55, Double.NaN);
        String expected = "series shop 7: observation 56 of 60 is NaN; a history must be finite";
        for (var call : List.<Runnable>of(() -> net.forecast(nan), () -> theta.forecast(nan), () -> model.forecast(nan),
                () -> model.forecastAll(List.of(good, nan)), () -> net.stream(nan))) {
            NonFiniteException e = assertThrows(NonFiniteException.class, call::run);
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            assertEquals(NonFiniteException.NOT_IN_TRAINING, e.epoch());
        }
        LocalDateTime[] times = new LocalDateTime[60];
        Arrays.setAll(times, i -> LocalDateTime.of(2000, 1, 1, 0, 0).plusMonths(i));
        TimeSeries dated = new TimeSeries("shop 7", withValue(good, 2, Double.NEGATIVE_INFINITY).values(), times);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> theta.forecast(dated));
        assertTrue(e.getMessage().startsWith("series shop 7: observation 3 of 60 (2000-03-01T00:00) is -Infinity"),
                e.getMessage());
        assertThrows(NonFiniteException.class, () -> ForecastTrainer.fit(backend, ForecastFixtures.small().build(),
                List.of(good, withValue(good, 0, Double.POSITIVE_INFINITY)), null));
        StreamingForecast stream = net.stream(good);
        Forecast before = stream.forecast();
        NonFiniteException fed = assertThrows(NonFiniteException.class, () -> stream.update(60.0, Double.NaN));
        assertEquals("series shop 7: the new observation 2 of 2 is NaN; a stream takes finite values only",
                fed.getMessage());
        assertArrayEquals(before.point(), stream.forecast().point(), 0, "the stream is left as it was");
    }

    @Test
    @DisplayName("weights that hold NaN never give a forecast silently and are never saved")
    void nonFiniteWeights(@TempDir Path dir) throws IOException {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        Forecaster net = trained(s);
        Path file = dir.resolve("net.safetensors");
        net.save(file);
        byte[] good = Files.readAllBytes(file);
        Parameter bias = net.parameters().get(net.parameters().size() - 1);
        double[] values = new double[bias.shape().size()];
        Arrays.fill(values, Double.NaN);
        bias.set(backend.fromArray(values, bias.shape(), DType.FLOAT64));
        NonFiniteException f = assertThrows(NonFiniteException.class, () -> net.forecast(s));
        assertEquals("forecast of series w at step 1 of 6 is NaN (the point forecast)", f.getMessage());
        NonFiniteException saved = assertThrows(NonFiniteException.class, () -> net.save(file));
        assertEquals("parameter " + bias.name() + " holds NaN at index 0; a model with non-finite weights is not saved",
                saved.getMessage());
        ForecastModel model = new ForecastModel(List.of(new NetworkEnsemble("net", List.of(net))), "", List.of(s));
        Path modelFile = dir.resolve("model.safetensors");
        assertThrows(NonFiniteException.class, () -> model.save(modelFile));
        assertArrayEquals(good, Files.readAllBytes(file), "the previous file is kept");
        assertFalse(Files.exists(modelFile));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file");
        }
    }
}
