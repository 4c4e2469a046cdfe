package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("jrnn predict --model with a damaged file")
class PredictModelFileTest {
    @TempDir
    Path dir;

    private Path edited(Path model, String name, Consumer<Map<String, String>> edit) throws IOException {
        SafetensorsFile in = Safetensors.read(model);
        Map<String, String> meta = new LinkedHashMap<>(in.metadata());
        edit.accept(meta);
        Map<String, Tensor> tensors = in.tensors(new ReferenceBackend());
        Path out = dir.resolve(name);
        Safetensors.write(out, tensors, meta);
        return out;
    }

    @Test
    @DisplayName("a corrupted, contradictory or newer model file is one line on stderr naming the file, and exit code 2")
    void damagedModels() throws IOException {
        double[] v = new double[40];
        for (int t = 0; t < v.length; t++) {
            v[t] = 50 + t / 4.0 + 10 * Math.sin(2 * Math.PI * t / 6);
        }
        TimeSeries s = TimeSeries.of("w", v);
        Forecaster net = ForecastTrainer.fit(new ReferenceBackend(), ForecastConfig.builder(6, 6).hidden(4).epochs(1)
                .batchSize(8).windowsPerSeries(8).dtype(DType.FLOAT64).build(), List.of(s), null);
        Path model = dir.resolve("model.safetensors");
        new ForecastModel(List.of(new NetworkEnsemble("net", List.of(net)),
                new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9)), "", List.of(s)).save(model);
        assertEquals(0, CommandsTest.run("predict", "--model", model.toString()).exit());

        byte[] deep = ("{\"__metadata__\":{\"format\":" + "[".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        Path nested = dir.resolve("nested.safetensors");
        Files.write(nested, ByteBuffer.allocate(8 + deep.length).order(ByteOrder.LITTLE_ENDIAN).putLong(deep.length)
                .put(deep).array());
        byte[] whole = Files.readAllBytes(model);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        List<Path> damaged = List.of(nested, truncated,
                edited(model, "hidden.safetensors", m -> m.put("member.0.net.0.hidden", "12000")),
                edited(model, "layers.safetensors", m -> m.put("member.0.net.0.layers", "65536")),
                edited(model, "log.safetensors", m -> m.put("member.0.net.0.log", "yes")),
                edited(model, "newer.safetensors", m -> m.put("format_version", "9")));
        for (Path bad : damaged) {
            CommandsTest.Run r = CommandsTest.run("predict", "--model", bad.toString());
            assertEquals(UserErrors.USER_ERROR, r.exit(), bad + ": " + r.err());
            assertTrue(r.err().startsWith("jrnn predict: " + bad + ": ") && r.err().strip().lines().count() == 1,
                    r.err());
        }
    }
}
