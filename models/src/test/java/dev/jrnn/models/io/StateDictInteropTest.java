package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.train.SequenceRegressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-model state dicts both ways with PyTorch (generate_interop_fixtures.py): modules' files load
 * into jrnn models and reproduce their outputs, and the files jrnn writes are the committed
 * {@code jrnn_*} fixtures that the script's {@code --check} loads into the same modules.
 */
@DisplayName("whole-model state dicts")
class StateDictInteropTest {
    /** Set to a folder to rewrite the jrnn-written fixtures there (then run the script's --check). */
    private static final String REWRITE = System.getProperty("jrnn.interop.fixtures");

    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    /** The script's Regressor: LSTM(3, 4, num_layers=2, batch_first=True) and Linear(4, 2). */
    private SequenceRegressor regressor(DType dtype, long seed) {
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(dtype).inputSize(3).hiddenSize(4)
                .numLayers(2).batchFirst(true).seed(seed).build();
        return new SequenceRegressor(lstm, 2, seed + 1);
    }

    private double[] predict(SequenceRegressor model, SafetensorsFile io, DType dtype) {
        try (var off = Autograd.noGrad()) {
            return model.forward(Variable.constant(io.tensor("input", be, dtype))).value().toDoubleArray();
        }
    }

    static double maxAbsDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length, "lengths");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    @DisplayName("a torch Regressor's state dict (lstm.*, head.*) loads through torchKeys() and gives its outputs")
    void loadsTorchRegressor() throws IOException {
        SequenceRegressor model = regressor(DType.FLOAT64, 1);
        LoadReport report = StateDict.loadWithReport(PyTorchFixtures.path("interop_regressor.safetensors"),
                model.parameters(), LoadOptions.DEFAULT.withKeys(model.torchKeys()));
        assertTrue(report.allKeysMatched(), report.toString());
        assertEquals("Regressor", report.metadata().get("module"));
        SafetensorsFile io = PyTorchFixtures.read("interop_regressor_io.safetensors");
        double diff = maxAbsDiff(io.doubles("output"), predict(model, io, DType.FLOAT64));
        assertTrue(diff < 1e-14, "max |jrnn - torch| = " + diff);
    }

    @Test
    @DisplayName("another layout (model.encoder.* bidirectional GRU, model.fc.*) loads by prefix rules")
    void loadsWrappedModule() throws IOException {
        RecurrentLayer gru = RecurrentLayer.builder("gru").backend(be).dtype(DType.FLOAT64).inputSize(2).hiddenSize(3)
                .bidirectional(true).batchFirst(true).seed(3).build();
        SequenceRegressor model = new SequenceRegressor(gru, 3, 4);
        StateDictKeys keys = model.torchKeys("encoder").renamePrefix("head.", "fc.").addPrefix("model.");
        assertEquals("model.encoder.weight_hh_l0_reverse", keys.key("weight_hh_l0_reverse"));
        assertEquals("model.fc.bias", keys.key("head.bias"));
        StateDict.load(PyTorchFixtures.path("interop_wrapped.safetensors"), model.parameters(),
                LoadOptions.DEFAULT.withKeys(keys));
        SafetensorsFile io = PyTorchFixtures.read("interop_wrapped_io.safetensors");
        double diff = maxAbsDiff(io.doubles("output"), predict(model, io, DType.FLOAT64));
        assertTrue(diff < 1e-14, "max |jrnn - torch| = " + diff);
    }

    @Test
    @DisplayName("F16 and BF16 state dicts load upcast into FLOAT32 and FLOAT64 models and give torch's outputs")
    void loadsHalfStateDicts() throws IOException {
        SafetensorsFile io = PyTorchFixtures.read("interop_regressor_half_io.safetensors");
        for (String bits : List.of("f16", "bf16")) {
            Path file = PyTorchFixtures.path("interop_regressor_" + bits + ".safetensors");
            SafetensorsFile read = Safetensors.read(file);
            assertEquals(bits.equals("f16") ? SafetensorsDType.F16 : SafetensorsDType.BF16,
                    read.dtype("lstm.weight_ih_l0"));
            SequenceRegressor f32 = regressor(DType.FLOAT32, 1);
            StateDict.load(file, f32.parameters(), LoadOptions.DEFAULT.withKeys(f32.torchKeys()));
            double diff = maxAbsDiff(io.doubles("output_" + bits), predict(f32, io, DType.FLOAT32));
            assertTrue(diff < 3e-7, bits + ": max |jrnn float32 - torch float32| = " + diff);
            SequenceRegressor f64 = regressor(DType.FLOAT64, 1);
            StateDict.load(file, f64.parameters(), LoadOptions.DEFAULT.withKeys(f64.torchKeys()));
            Parameter w = f64.layer().parameter("weight_hh_l1");
            assertArrayEquals(read.doubles("lstm.weight_hh_l1"), w.value().toDoubleArray(), 0.0,
                    "16-bit weights upcast exactly");
        }
    }

    @Test
    @DisplayName("what jrnn writes (F64, F16, BF16, torch keys) is the committed fixture that torch loads strictly")
    void writesWhatTorchLoads() throws IOException {
        Path out = REWRITE != null ? Path.of(REWRITE) : dir;
        SequenceRegressor model = regressor(DType.FLOAT64, 20);
        SaveOptions torch = SaveOptions.DEFAULT.withKeys(model.torchKeys());
        StateDict.save(out.resolve("jrnn_regressor.safetensors"), model.parameters(), Map.of("module", "Regressor"),
                torch);
        StateDict.save(out.resolve("jrnn_regressor_f16.safetensors"), model.parameters(),
                torch.as(SafetensorsDType.F16));
        StateDict.save(out.resolve("jrnn_regressor_bf16.safetensors"), model.parameters(),
                torch.as(SafetensorsDType.BF16));
        SafetensorsFile torchIo = PyTorchFixtures.read("interop_regressor_io.safetensors");
        SafetensorsWriter io = new SafetensorsWriter();
        io.putDoubles("input", torchIo.shape("input"), torchIo.doubles("input"));
        io.putDoubles("output", torchIo.shape("output"), predict(model, torchIo, DType.FLOAT64));
        for (String bits : List.of("f16", "bf16")) {
            SequenceRegressor rounded = regressor(DType.FLOAT64, 99);
            StateDict.load(out.resolve("jrnn_regressor_" + bits + ".safetensors"), rounded.parameters(),
                    LoadOptions.DEFAULT.withKeys(rounded.torchKeys()));
            io.putDoubles("output_" + bits, torchIo.shape("output"), predict(rounded, torchIo, DType.FLOAT64));
        }
        io.write(out.resolve("jrnn_regressor_io.safetensors"));
        for (String name : List.of("jrnn_regressor.safetensors", "jrnn_regressor_f16.safetensors",
                "jrnn_regressor_bf16.safetensors", "jrnn_regressor_io.safetensors")) {
            assertArrayEquals(Files.readAllBytes(PyTorchFixtures.path(name)), Files.readAllBytes(out.resolve(name)),
                    name + " differs from the fixture that generate_interop_fixtures.py --check verified");
        }
        SafetensorsFile saved = Safetensors.read(out.resolve("jrnn_regressor.safetensors"));
        assertEquals(List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight",
                "head.bias"), saved.names());
    }

    @Test
    @DisplayName("non-strict loading loads what matches and reports unexpected and missing keys; strict lists them")
    void nonStrictReports() throws IOException {
        Path file = PyTorchFixtures.path("interop_regressor.safetensors");
        RecurrentLayer bare = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3)
                .hiddenSize(4).numLayers(2).seed(5).build();
        LoadOptions lstmKeys = LoadOptions.DEFAULT.withKeys(StateDictKeys.identity().addPrefix("lstm."));
        WeightsMismatchException strict = assertThrows(WeightsMismatchException.class,
                () -> StateDict.load(file, bare.parameters(), lstmKeys));
        assertTrue(strict.getMessage().contains("unexpected key(s): [head.weight, head.bias]")
                && strict.getMessage().contains("nonStrict()"), strict.getMessage());
        LoadReport layerOnly = StateDict.loadWithReport(file, bare.parameters(), lstmKeys.nonStrict());
        assertEquals(List.of(), layerOnly.missingKeys());
        assertEquals(List.of("head.weight", "head.bias"), layerOnly.unexpectedKeys());
        SafetensorsFile read = Safetensors.read(file);
        assertArrayEquals(read.doubles("lstm.weight_hh_l1"), bare.parameter("weight_hh_l1").value().toDoubleArray(),
                0.0);

        RecurrentLayer deeper = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3)
                .hiddenSize(4).numLayers(3).batchFirst(true).seed(6).build();
        SequenceRegressor model = new SequenceRegressor(deeper, 2, 7);
        double[] before = deeper.parameter("weight_ih_l2").value().toDoubleArray();
        LoadReport report = StateDict.loadWithReport(file, model.parameters(),
                LoadOptions.DEFAULT.nonStrict().withKeys(model.torchKeys()));
        assertEquals(List.of("lstm.weight_ih_l2", "lstm.weight_hh_l2", "lstm.bias_ih_l2", "lstm.bias_hh_l2"),
                report.missingKeys());
        assertEquals(List.of(), report.unexpectedKeys());
        assertEquals("missing key(s): [lstm.weight_ih_l2, lstm.weight_hh_l2, lstm.bias_ih_l2, lstm.bias_hh_l2];"
                + " unexpected key(s): []", report.toString());
        assertArrayEquals(before, deeper.parameter("weight_ih_l2").value().toDoubleArray(), 0.0, "missing keeps");
        assertArrayEquals(read.doubles("head.weight"), model.parameters().get(12).value().toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("a tensor of another shape fails even when not strict, naming key and parameter")
    void shapeMismatchFailsNonStrict() {
        RecurrentLayer wide = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3)
                .hiddenSize(5).numLayers(2).batchFirst(true).seed(8).build();
        SequenceRegressor model = new SequenceRegressor(wide, 2, 9);
        double[] before = wide.parameter("weight_ih_l0").value().toDoubleArray();
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> StateDict.load(PyTorchFixtures.path("interop_regressor.safetensors"), model.parameters(),
                        LoadOptions.DEFAULT.nonStrict().withKeys(model.torchKeys())));
        assertTrue(e.getMessage().contains("size mismatch for lstm.weight_ih_l0 (parameter weight_ih_l0): the file has"
                + " shape [16, 3], the model expects [20, 3]"), e.getMessage());
        assertArrayEquals(before, wide.parameter("weight_ih_l0").value().toDoubleArray(), 0.0, "nothing loaded");
    }

    @Test
    @DisplayName("key rules that send two parameters to one key are refused naming both")
    void collidingKeys() {
        SequenceRegressor model = regressor(DType.FLOAT64, 1);
        StateDictKeys clash = StateDictKeys.identity().stripPrefix("head.").renamePrefix("weight_ih_l0", "weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateDict.save(dir.resolve("x.safetensors"), model.parameters(), SaveOptions.DEFAULT.withKeys(clash)));
        assertTrue(e.getMessage().contains("'weight_ih_l0' and 'head.weight' both map to the key 'weight'"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));
    }
}
