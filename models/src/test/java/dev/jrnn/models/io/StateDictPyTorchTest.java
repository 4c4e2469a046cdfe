package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictPyTorchTest {
    private static final double TOL = 1e-9;
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    /** The fixture's model, PyTorch's LSTM(3, 4, num_layers=2), in float64 with jrnn's own initial weights. */
    private RecurrentLayer lstm(long seed) {
        return RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3).hiddenSize(4)
                .numLayers(2).seed(seed).build();
    }

    private LayerOutput run(RecurrentLayer layer, SafetensorsFile io) {
        try (var off = Autograd.noGrad()) {
            return layer.forward(Variable.constant(io.tensor("input", be)));
        }
    }

    @Test
    @DisplayName("an LSTM state_dict saved by PyTorch loads and reproduces PyTorch's output and final state")
    void loadsPyTorchWeights() throws IOException {
        RecurrentLayer layer = lstm(1);
        Map<String, String> metadata = StateDict.load(PyTorchFixtures.path("lstm_state_dict.safetensors"),
                layer.parameters());
        assertEquals("pt", metadata.get("format"));
        SafetensorsFile io = PyTorchFixtures.read("lstm_io.safetensors");
        LayerOutput out = run(layer, io);
        assertArrayEquals(io.doubles("output"), out.output().value().toDoubleArray(), TOL);
        assertArrayEquals(io.doubles("h_n"), out.hn().value().toDoubleArray(), TOL);
        assertArrayEquals(io.doubles("c_n"), out.cn().value().toDoubleArray(), TOL);
    }

    @Test
    @DisplayName("a saved LSTM has PyTorch's names in PyTorch's order and loads back into a fresh one")
    void saveThenLoad() throws IOException {
        RecurrentLayer original = lstm(11);
        Path file = dir.resolve("lstm.safetensors");
        StateDict.save(file, original.parameters(), Map.of("epoch", "3"));

        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"), read.names());
        assertEquals(Map.of("format", "pt", "epoch", "3"), read.metadata());
        assertEquals(Shape.of(16, 3), read.shape("weight_ih_l0"));
        assertEquals(SafetensorsDType.F64, read.dtype("weight_hh_l1"));

        RecurrentLayer copy = lstm(12);
        StateDict.load(file, copy.parameters());
        for (Parameter p : original.parameters()) {
            assertArrayEquals(p.value().toDoubleArray(), copy.parameter(p.name()).value().toDoubleArray(), p.name());
        }
        SafetensorsFile io = PyTorchFixtures.read("lstm_io.safetensors");
        assertArrayEquals(run(original, io).output().value().toDoubleArray(),
                run(copy, io).output().value().toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("the saved file's header has exactly the format's fields and a data section the offsets tile")
    void headerFollowsTheFormat() throws IOException {
        Path file = dir.resolve("lstm.safetensors");
        StateDict.save(file, lstm(5).parameters());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.replaceFirst("\"jrnn.crc32c\":\"[0-9a-f]{8}\"", "\"jrnn.crc32c\":\"#\"")
                .startsWith("{\"__metadata__\":{\"format\":\"pt\",\"jrnn.crc32c\":\"#\"},\"weight_ih_l0\":{\"dtype\":\"F64\","
                + "\"shape\":[16,3],\"data_offsets\":[0,384]},\"weight_hh_l0\":{\"dtype\":\"F64\",\"shape\":[16,4],"
                + "\"data_offsets\":[384,896]}"), header);
        long layer0 = 16 * 3 + 16 * 4 + 16 + 16;
        long layer1 = 16 * 4 + 16 * 4 + 16 + 16;
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 8 * (layer0 + layer1), bytes.length, "8 bytes per float64 parameter, nothing else");
    }

    @Test
    @DisplayName("loading into a model of another size names the file, the parameter and both shapes")
    void shapeMismatch() {
        RecurrentLayer wrong = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(5)
                .hiddenSize(4).numLayers(2).build();
        double before = wrong.parameter("weight_hh_l0").value().toDoubleArray()[0];
        WeightsMismatchException ex = assertThrows(WeightsMismatchException.class,
                () -> StateDict.load(PyTorchFixtures.path("lstm_state_dict.safetensors"), wrong.parameters()));
        assertTrue(ex.getMessage().contains("lstm_state_dict.safetensors")
                && ex.getMessage().contains("weight_ih_l0") && ex.getMessage().contains("[16, 3]")
                && ex.getMessage().contains("[16, 5]"), ex.getMessage());
        assertEquals(before, wrong.parameter("weight_hh_l0").value().toDoubleArray()[0], "nothing loaded");
    }

    @Test
    @DisplayName("missing and unexpected keys are listed by name")
    void missingAndUnexpected() {
        RecurrentLayer oneLayer = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3)
                .hiddenSize(4).bidirectional(true).build();
        WeightsMismatchException ex = assertThrows(WeightsMismatchException.class,
                () -> StateDict.load(PyTorchFixtures.path("lstm_state_dict.safetensors"), oneLayer.parameters()));
        String m = ex.getMessage();
        assertTrue(m.contains("missing key(s): [weight_ih_l0_reverse, weight_hh_l0_reverse, bias_ih_l0_reverse, "
                + "bias_hh_l0_reverse]") && m.contains("unexpected key(s): [weight_ih_l1, weight_hh_l1, bias_ih_l1, "
                + "bias_hh_l1]"), m);
    }

    @Test
    @DisplayName("float64 weights load into a float32 model rounded to float")
    void convertsDtype() throws IOException {
        RecurrentLayer f32 = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT32).inputSize(3)
                .hiddenSize(4).numLayers(2).build();
        StateDict.load(PyTorchFixtures.path("lstm_state_dict.safetensors"), f32.parameters());
        SafetensorsFile fx = PyTorchFixtures.read("lstm_state_dict.safetensors");
        assertEquals(DType.FLOAT32, f32.parameter("bias_hh_l1").dtype());
        assertArrayEquals(fx.floats("bias_hh_l1"), f32.parameter("bias_hh_l1").value().toFloatArray());
    }
}
