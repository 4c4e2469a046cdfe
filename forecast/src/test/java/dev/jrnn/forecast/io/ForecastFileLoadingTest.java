package dev.jrnn.forecast.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.Forecaster;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.scale.ScalingMode;
import dev.jrnn.forecast.train.ForecastTrainer;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsException;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forecaster or forecast-model file whose metadata or tensors were altered is refused clearly and at once. */
class ForecastFileLoadingTest {
    private static final Backend BE = new ReferenceBackend();
    private static Forecaster forecaster;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        forecaster = ForecastTrainer.fit(BE, ForecastFixtures.small().epochs(1).scaling(ScalingMode.STANDARD).log(true)
                .build(), List.of(ForecastFixtures.wave("a", 40, 0)), null);
    }

    /** {@code original} rewritten with its metadata edited by {@code edit}. */
    private Path edited(Path original, Consumer<Map<String, String>> edit) throws IOException {
        SafetensorsFile in = Safetensors.read(original);
        Map<String, String> meta = new LinkedHashMap<>(in.metadata());
        edit.accept(meta);
        Map<String, Tensor> tensors = in.tensors(BE);
        Path out = dir.resolve("edited.safetensors");
        Safetensors.write(out, tensors, meta);
        return out;
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("f.safetensors");
        forecaster.save(file);
        return file;
    }

    private static String refused(Path file, String... fragments) {
        long start = System.nanoTime();
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> Forecaster.load(BE, file));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 1000, "refused at once, not after " + ms + " ms");
        assertTrue(ex.getMessage().startsWith(file + ": "), ex.getMessage());
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), "message should contain '" + f + "': " + ex.getMessage());
        }
        return ex.getMessage();
    }

    @Test
    @DisplayName("hidden 12000 or layers 65536 in the metadata is refused against the tensors before any network is built")
    void hugeSizes() throws IOException {
        Path f = saved();
        refused(edited(f, m -> m.put("hidden", "12000")), "'head.weight'", "hidden 12000");
        refused(edited(f, m -> m.put("layers", "65536")), "'layers' is 65536", "limit");
        refused(edited(f, m -> m.put("layers", "3")), "'layers' is 3", "no tensor of layer 1");
        refused(edited(f, m -> m.put("horizon", "1048577")), "'horizon' is 1048577");
        refused(edited(f, m -> m.put("step_size", "2")), "'weight_ih_l0'", "step_size 2");
    }

    @Test
    @DisplayName("numbers and booleans are parsed strictly: no '+', leading zeros, NaN, or a log flag other than true/false")
    void strictValues() throws IOException {
        Path f = saved();
        refused(edited(f, m -> m.put("hidden", "+8")), "'hidden' is not an integer: '+8'");
        refused(edited(f, m -> m.put("hidden", "08")), "'hidden' is not an integer");
        refused(edited(f, m -> m.put("hidden", "2147483648")), "'hidden'");
        refused(edited(f, m -> m.put("interval_level", "NaN")), "'interval_level' is not a finite number");
        refused(edited(f, m -> m.put("log", "TRUE")), "'log' is 'TRUE', expected true or false");
        refused(edited(f, m -> m.put("log.a", "yes")), "'log.a' is 'yes'");
        refused(edited(f, m -> m.put("strategy", "direct")), "'strategy' is 'direct', expected one of");
        refused(edited(f, m -> m.put("scaler.a", "1,0")), "'scaler.a'", "positive");
        refused(edited(f, m -> m.put("scaler.a", "1")), "'scaler.a' is not level,scale");
        refused(edited(f, m -> m.put("calendar_encoding", "NONE")), "'calendar_encoding'");
        refused(edited(f, m -> m.put("calendar", "")), "'calendar_encoding' is SIN_COS but 'calendar' is ''");
        refused(edited(f, m -> m.put("calendar", "PHASE,,MONTH")), "'calendar' is ''");
    }

    @Test
    @DisplayName("an unknown future format version is refused as such; a malformed one as not a version")
    void formatVersion() throws IOException {
        Path f = saved();
        refused(edited(f, m -> m.put("format_version", "3")), "newer jrnn", "version 3", "1 to 2");
        refused(edited(f, m -> m.put("format_version", "2.0")), "'format_version'", "not a version number");
        refused(edited(f, m -> m.put("format", "jrnn-forecast-model")), "not a jrnn forecaster");
        assertEquals(forecaster.config(), Forecaster.load(BE, edited(f, m -> m.remove("format_version"))).config(),
                "a file without a version is version 1");
    }

    @Test
    @DisplayName("a model beyond the loading limits is refused when saved, so no file is written that cannot be read")
    void saveRespectsTheLimits() {
        ForecastModel wide = new ForecastModel(List.of(new StatisticalMethod(StatisticalMethod.Kind.THETA, 6,
                ForecasterFile.MAX_HORIZON + 1, 0.9)), "", List.of());
        Path file = dir.resolve("wide.safetensors");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> wide.save(file));
        assertTrue(ex.getMessage().contains("'horizon' is " + (ForecasterFile.MAX_HORIZON + 1)), ex.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    @DisplayName("a NaN weight is refused naming the tensor")
    void nanWeight() throws IOException {
        SafetensorsFile in = Safetensors.read(saved());
        Map<String, Tensor> tensors = in.tensors(BE);
        double[] w = tensors.get("head.bias").toDoubleArray();
        w[2] = Double.NaN;
        tensors.put("head.bias", BE.fromArray(w, in.shape("head.bias"), DType.FLOAT64));
        Path out = dir.resolve("nan.safetensors");
        Safetensors.write(out, tensors, in.metadata());
        refused(out, "'head.bias'", "NaN", "must be finite");
    }

    @Test
    @DisplayName("10 KB of nested brackets in the header is refused with the file's name, not a StackOverflowError")
    void deepNesting() throws IOException {
        byte[] h = ("{\"__metadata__\":" + "[".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("deep.safetensors");
        Files.write(file, ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array());
        refused(file, "__metadata__ must be an object of strings");
        assertThrows(SafetensorsException.class, () -> ForecastModel.load(BE, file));
    }

    @Test
    @DisplayName("a forecaster file loads as a forecast model of that one network, forecasting alike")
    void forecasterAsModel() throws IOException {
        ForecastModel model = ForecastModel.load(BE, saved());
        assertEquals(1, model.members().size());
        assertTrue(model.histories().isEmpty());
        TimeSeries s = ForecastFixtures.wave("w", 30, 0);
        double[] expected = forecaster.forecast(s).point();
        double[] got = model.forecast(s).point();
        assertEquals(expected.length, got.length);
        for (int t = 0; t < got.length; t++) {
            assertEquals(expected[t], got[t], 1e-12 * Math.max(1, Math.abs(expected[t])));
        }
    }

    @Test
    @DisplayName("a forecast model's counts, version, history values and times are checked")
    void forecastModel() throws IOException {
        TimeSeries s = ForecastFixtures.wave("w", 30, 0);
        Path f = dir.resolve("m.safetensors");
        new ForecastModel(List.of(new NetworkEnsemble("n", List.of(forecaster))), "", List.of(s)).save(f);
        assertEquals(1, ForecastModel.load(BE, f).members().size());
        Map<String, Consumer<Map<String, String>>> edits = Map.of(
                "'members' is 0", m -> m.put("members", "0"),
                "'member.0.networks' is 99999", m -> m.put("member.0.networks", "99999"),
                "'histories' is 99", m -> m.put("histories", "99"),
                "newer jrnn", m -> m.put("format_version", "3"),
                "'combination' is 'MODE'", m -> m.put("combination", "MODE"),
                "'member.0.type' is 'other'", m -> m.put("member.0.type", "other"),
                "network 'member.0.net.0.': metadata 'hidden' is not an integer", m -> m.put("member.0.net.0.hidden", "x"));
        for (var e : edits.entrySet()) {
            Path bad = edited(f, e.getValue());
            SafetensorsException ex = assertThrows(SafetensorsException.class, () -> ForecastModel.load(BE, bad));
            assertTrue(ex.getMessage().contains(e.getKey()), ex.getMessage());
        }
        ForecastModel older = ForecastModel.load(BE, edited(f, m -> {
            m.put("format_version", "1");
            m.remove("combination");
        }));
        assertEquals(NetworkEnsemble.Combination.MEAN, older.combination(), "version 1 files hold means");
        SafetensorsFile in = Safetensors.read(f);
        Map<String, Tensor> tensors = in.tensors(BE);
        double[] t = new double[30];
        t[3] = 1e300;
        tensors.put("history.0.times", BE.fromArray(t, in.shape("history.0.values"), DType.FLOAT64));
        Path badTimes = dir.resolve("times.safetensors");
        Safetensors.write(badTimes, tensors, in.metadata());
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> ForecastModel.load(BE, badTimes));
        assertTrue(ex.getMessage().contains("'history.0.times' holds 1.0E300 at 3"), ex.getMessage());
    }
}
