package dev.jrnn.forecast.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a forecaster of the mlp network in a file")
class MlpForecasterFileTest {
    private static final Backend BE = new ReferenceBackend();
    private final ForecastConfig config = ForecastFixtures.small().cell(ForecastConfig.MLP).hidden(10).layers(2)
            .epochs(2).build();
    private final List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 50, 0), ForecastFixtures.wave("b", 44, 1));

    @TempDir
    Path dir;

    @Test
    @DisplayName("trains, saves and loads with its dense layers, forecasting exactly alike")
    void roundTrip() throws IOException {
        Forecaster trained = ForecastTrainer.fit(BE, config, series, null);
        Path file = dir.resolve("mlp.safetensors");
        trained.save(file);
        Forecaster loaded = Forecaster.load(BE, file);
        assertEquals(config, loaded.config());
        assertEquals(List.of("dense.weight_l0", "dense.bias_l0", "dense.weight_l1", "dense.bias_l1", "head.weight",
                "head.bias"), loaded.parameters().stream().map(p -> p.name()).toList());
        for (TimeSeries s : series) {
            assertArrayEquals(trained.forecast(s).point(), loaded.forecast(s).point(), 0);
            assertArrayEquals(trained.forecast(s).upper(), loaded.forecast(s).upper(), 0);
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> loaded.stream(series.get(0)));
        assertTrue(e.getMessage().contains("has none"), e.getMessage());
    }

    @Test
    @DisplayName("a first dense layer that does not read the flattened window is refused naming the tensor and the window")
    void wrongFanIn() throws IOException {
        Forecaster trained = ForecastTrainer.fit(BE, config, series, null);
        Path file = dir.resolve("mlp.safetensors");
        trained.save(file);
        SafetensorsFile in = Safetensors.read(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>(in.tensors(BE));
        tensors.put("dense.weight_l0", BE.zeros(Shape.of(10, 13), config.dtype()));
        Path bad = dir.resolve("bad.safetensors");
        Safetensors.write(bad, tensors, in.metadata());
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> Forecaster.load(BE, bad));
        assertTrue(ex.getMessage().contains("'dense.weight_l0'") && ex.getMessage().contains("flattened"),
                ex.getMessage());
    }
}
