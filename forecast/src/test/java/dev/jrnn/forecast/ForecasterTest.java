package dev.jrnn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.FitListener;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.io.SafetensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecasterTest {
    private final Backend backend = new ReferenceBackend();

    @Test
    @DisplayName("a trained forecaster beats the naive forecast on a seasonal series")
    void learnsASeason() {
        TimeSeries s = ForecastFixtures.wave("w", 120, 0);
        TimeSeries train = s.dropLast(6);
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(25).learningRate(0.01).build(),
                List.of(train), null);
        Forecast fc = f.forecast(train);
        double[] actual = s.last(6).values();
        double model = Metrics.mae(actual, fc.point());
        double naive = Metrics.mae(actual, Baselines.naive(train.values(), 6));
        assertTrue(model < naive, "model MAE " + model + " vs naive " + naive);
        for (int i = 0; i < 6; i++) {
            assertTrue(fc.lower()[i] <= fc.point()[i] && fc.point()[i] <= fc.upper()[i], "interval at " + i);
        }
    }

    @Test
    @DisplayName("no series to forecast gives no forecasts, as ForecastModel.forecastAll does")
    void forecastAllOfNone() {
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(0).build(),
                List.of(ForecastFixtures.wave("a", 40, 0)), null);
        assertEquals(List.of(), f.forecastAll(List.of()));
    }

    @Test
    @DisplayName("two training series of one name under STANDARD scaling are refused: one scaler per name would serve both")
    void standardScalingNeedsUniqueNames() {
        ForecastConfig c = ForecastFixtures.small().epochs(0).scaling(ScalingMode.STANDARD).build();
        List<TimeSeries> twice = List.of(ForecastFixtures.wave("a", 40, 0), ForecastFixtures.wave("a", 40, 1));
        assertEquals("series a appears twice among the training series, and STANDARD scaling keeps one scaler per name;"
                + " give each series its own name", assertThrows(IllegalArgumentException.class,
                () -> ForecastTrainer.fit(backend, c, twice, null)).getMessage());
    }

    @Test
    @DisplayName("a saved forecaster loads from its one file and forecasts the same from raw values")
    void fileRoundTrip(@TempDir Path dir) throws IOException {
        for (OutputKind kind : OutputKind.values()) {
            ForecastConfig c = ForecastFixtures.small().output(kind).scaling(ScalingMode.STANDARD).log(false).build();
            List<TimeSeries> data = List.of(ForecastFixtures.wave("a", 40, 0), ForecastFixtures.wave("b", 50, 1));
            Forecaster f = ForecastTrainer.fit(backend, c, data, null);
            Path file = dir.resolve(kind + ".safetensors");
            f.save(file);
            Forecaster g = Forecaster.load(backend, file);
            assertEquals(c, g.config());
            for (TimeSeries s : data) {
                Forecast a = f.forecast(s);
                Forecast b = g.forecast(s);
                assertArrayEquals(a.point(), b.point(), 1e-12);
                assertArrayEquals(a.upper(), b.upper(), 1e-12);
            }
            assertTrue(Arrays.stream(dir.toFile().list()).noneMatch(n -> n.endsWith(".tmp")));
        }
    }

    @Test
    @DisplayName("the listener gets the forecaster after every epoch, and its forecasts move as training goes on")
    void snapshotsEachEpoch() {
        List<double[]> snapshots = new java.util.ArrayList<>();
        TimeSeries s = ForecastFixtures.wave("a", 60, 0);
        FitListener listener = new FitListener() {
            @Override
            public void epochEnd(int epoch, int epochs, double loss, long elapsedMs) {
            }

            @Override
            public void epochModel(int epoch, Forecaster model) {
                snapshots.add(model.forecast(s).point());
            }
        };
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(3).build(), List.of(s), listener);
        assertEquals(3, snapshots.size());
        assertArrayEquals(f.forecast(s).point(), snapshots.get(2), 1e-12);
        assertTrue(!Arrays.equals(snapshots.get(0), snapshots.get(2)), "weights change between epochs");
    }

    @Test
    @DisplayName("another input length changes only the window; one the step size does not divide is refused")
    void withInputLength() {
        ForecastConfig c = ForecastFixtures.small().stepSize(3).build();
        ForecastConfig longer = c.withInputLength(24);
        assertEquals(24, longer.inputLength());
        assertEquals(8, longer.steps());
        assertEquals(c.toMetadata().entrySet().stream().filter(e -> !e.getKey().equals("input_length")).toList(),
                longer.toMetadata().entrySet().stream().filter(e -> !e.getKey().equals("input_length")).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withInputLength(20));
        assertTrue(e.getMessage().contains("step size 3 must divide the input length 20"), e.getMessage());
    }

    @Test
    @DisplayName("recent-window sampling is stored with the model, and files written before it read as anywhere (0)")
    void recentWindowsMetadata() {
        ForecastConfig c = ForecastFixtures.small().recentWindows(10).build();
        assertEquals(c, ForecastConfig.fromMetadata(c.toMetadata()));
        java.util.Map<String, String> old = new java.util.LinkedHashMap<>(c.toMetadata());
        old.remove("recent_windows");
        assertEquals(0, ForecastConfig.fromMetadata(old).recentWindows());
        assertEquals(7L, c.withSeed(7).seed());
        assertEquals(10, c.withSeed(7).recentWindows());
        assertThrows(IllegalArgumentException.class, () -> ForecastFixtures.small().recentWindows(-1).build());
    }

    @Test
    @DisplayName("cell options are stored with the model, sorted; files without them read as none; a comma is refused")
    void cellOptionsMetadata() {
        ForecastConfig c = ForecastFixtures.small().cellOption("nonlinearity", "relu").cellOption("alpha", "0.5").build();
        assertEquals("alpha=0.5,nonlinearity=relu", c.toMetadata().get("cell_options"));
        assertEquals(c, ForecastConfig.fromMetadata(c.toMetadata()));
        assertEquals(java.util.Map.of("alpha", "0.5", "nonlinearity", "relu"), c.withSeed(3).cellOptions());
        ForecastConfig none = ForecastFixtures.small().build();
        assertFalse(none.toMetadata().containsKey("cell_options"), "files without options stay as they were");
        assertEquals(java.util.Map.of(), ForecastConfig.fromMetadata(none.toMetadata()).cellOptions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastFixtures.small().cellOption("sizes", "1,2").build());
        assertTrue(e.getMessage().contains("sizes=1,2"), e.getMessage());
    }

    @Test
    @DisplayName("a forecaster with the input skip trains its skip, saves and loads it, and streams as it replays;"
            + " files without the key read as no skip")
    void inputSkip(@TempDir Path dir) throws IOException {
        ForecastConfig c = ForecastFixtures.small().stepSize(3).inputSkip(true).build();
        assertEquals("true", c.toMetadata().get("input_skip"));
        assertEquals(c, ForecastConfig.fromMetadata(c.toMetadata()));
        assertTrue(c.withSeed(9).inputSkip());
        ForecastConfig plain = ForecastFixtures.small().build();
        assertFalse(plain.toMetadata().containsKey("input_skip"), "files without the skip stay as they were");
        assertFalse(ForecastConfig.fromMetadata(plain.toMetadata()).inputSkip());

        TimeSeries s = ForecastFixtures.wave("s", 60, 0.3);
        Forecaster f = ForecastTrainer.fit(backend, c, List.of(s.dropLast(12)), null);
        dev.jrnn.api.autograd.Parameter skip = f.parameters().get(f.parameters().size() - 1);
        assertEquals("head.skip", skip.name());
        assertTrue(Arrays.stream(skip.value().toDoubleArray()).anyMatch(v -> v != 0), "training moves the skip");
        Path file = dir.resolve("skip.safetensors");
        f.save(file);
        Forecaster g = Forecaster.load(backend, file);
        assertEquals(c, g.config());
        assertArrayEquals(f.forecast(s).point(), g.forecast(s).point(), 1e-12);

        StreamingForecast stream = f.stream(s.slice(0, 40));
        assertArrayEquals(f.forecast(s.slice(0, 40)).point(), stream.forecast().point(), 1e-12);
        stream.update(Arrays.copyOfRange(s.values(), 40, 43));
        Forecast streamed = stream.update(Arrays.copyOfRange(s.values(), 43, 52));
        Forecast replayed = f.replay(s.slice(0, 52), 40 - 12);
        assertArrayEquals(replayed.point(), streamed.point(), 1e-9);
        assertArrayEquals(replayed.upper(), streamed.upper(), 1e-9);
    }

    @Test
    @DisplayName("a truncated forecaster file fails to load with a clear error")
    void truncatedFile(@TempDir Path dir) throws IOException {
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(1).build(), List.of(ForecastFixtures.wave("a", 40, 0)), null);
        Path file = dir.resolve("f.safetensors");
        f.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertThrows(SafetensorsException.class, () -> Forecaster.load(backend, file));
    }

    @Test
    @DisplayName("a streaming update equals a full replay, for direct and recursive models")
    void streamingEqualsReplay() {
        for (Strategy strategy : Strategy.values()) {
            ForecastConfigBuilder b = ForecastFixtures.small().strategy(strategy).output(OutputKind.GAUSSIAN).layers(2)
                    .cell("gru");
            if (strategy == Strategy.DIRECT) {
                b.stepSize(3);
            }
            TimeSeries s = ForecastFixtures.wave("s", 60, 0.3);
            Forecaster f = ForecastTrainer.fit(backend, b.build(), List.of(s.dropLast(12)), null);
            StreamingForecast stream = f.stream(s.slice(0, 40));
            assertArrayEquals(f.forecast(s.slice(0, 40)).point(), stream.forecast().point(), 1e-12);
            stream.update(Arrays.copyOfRange(s.values(), 40, 46));
            Forecast streamed = stream.update(Arrays.copyOfRange(s.values(), 46, 52));
            Forecast replayed = f.replay(s.slice(0, 52), 40 - 12);
            assertArrayEquals(replayed.point(), streamed.point(), 1e-9, strategy.name());
            assertArrayEquals(replayed.lower(), streamed.lower(), 1e-9, strategy.name());
            assertEquals(52, stream.observations());
        }
    }

    @Test
    @DisplayName("a stream holding part of a step refuses to forecast until the step is complete")
    void partialStep() {
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().stepSize(3).epochs(1).build(),
                List.of(ForecastFixtures.wave("a", 40, 0)), null);
        StreamingForecast stream = f.stream(ForecastFixtures.wave("a", 30, 0));
        assertThrows(IllegalStateException.class, () -> stream.update(60));
        assertEquals(6, stream.update(61, 62).horizon());
    }

    @Test
    @DisplayName("a series shorter than a training window is refused with its name and the length needed")
    void tooShort() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ForecastTrainer.fit(backend, ForecastFixtures.small().build(), List.of(ForecastFixtures.wave("tiny", 10, 0)), null));
        assertTrue(e.getMessage().contains("tiny") && e.getMessage().contains("18"), e.getMessage());
        assertTrue(e.getMessage().contains("shorten the input length or the horizon") && !e.getMessage().contains("--"),
                "a library message names no command-line option: " + e.getMessage());
    }

    @Test
    @DisplayName("null given to a forecaster's or a model's public entry points fails naming the argument")
    void nullArgumentsNamed(@TempDir Path dir) {
        Forecaster f = ForecastTrainer.fit(backend, ForecastFixtures.small().epochs(0).build(),
                List.of(ForecastFixtures.wave("a", 40, 0)), null);
        ForecastModel m = new ForecastModel(List.of(new NetworkEnsemble("lstm", List.of(f))), "", List.of());
        Path file = dir.resolve("f.jrnn");
        java.util.Map<String, org.junit.jupiter.api.function.Executable> calls = new java.util.LinkedHashMap<>();
        calls.put("history", () -> f.forecast(null));
        calls.put("histories", () -> f.forecastAll(null));
        calls.put("histories[1] is null", () -> f.forecastAll(Arrays.asList(ForecastFixtures.wave("a", 40, 0), null)));
        calls.put("file", () -> f.save(null));
        calls.put("backend", () -> Forecaster.load(null, file));
        calls.put("file ", () -> Forecaster.load(backend, null));
        calls.put("history ", () -> m.forecast(null));
        calls.put("series", () -> m.forecastAll(null));
        calls.put("series[0] is null", () -> m.forecastAll(Arrays.asList((TimeSeries) null)));
        calls.put("file  ", () -> m.save(null));
        calls.put("backend ", () -> ForecastModel.load(null, file));
        calls.put("file   ", () -> ForecastModel.load(backend, null));
        calls.forEach((message, call) -> assertEquals(message.strip(),
                assertThrows(NullPointerException.class, call).getMessage(), message));
    }
}
