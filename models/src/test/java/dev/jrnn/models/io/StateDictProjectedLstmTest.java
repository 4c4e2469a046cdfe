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
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state_dict of PyTorch's {@code LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2)}
 * (fixtures by generate_golden_lstm_proj.py) both ways.
 */
@DisplayName("the state_dict of an LSTM with projections")
class StateDictProjectedLstmTest {
    private static final String STATE_DICT = "lstm_proj_state_dict.safetensors";
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private RecurrentLayer lstm(DType dtype, long seed) {
        return RecurrentLayer.builder("lstm").backend(be).dtype(dtype).inputSize(3).hiddenSize(5).projSize(2)
                .numLayers(2).bidirectional(true).seed(seed).build();
    }

    private LayerOutput run(RecurrentLayer layer, SafetensorsFile io) {
        try (var off = Autograd.noGrad()) {
            return layer.forward(Variable.constant(io.tensor("input", be, layer.dtype())));
        }
    }

    @Test
    @DisplayName("saved by PyTorch, loads and reproduces PyTorch's output, h_n and c_n in float64 and float32")
    void loadsPyTorchWeights() throws IOException {
        SafetensorsFile io = PyTorchFixtures.read("lstm_proj_io.safetensors");
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            RecurrentLayer layer = lstm(dtype, 1);
            StateDict.load(PyTorchFixtures.path(STATE_DICT), layer.parameters());
            LayerOutput out = run(layer, io);
            double tolerance = dtype == DType.FLOAT64 ? 1e-12 : 1e-6;
            assertArrayEquals(io.doubles("output"), out.output().value().toDoubleArray(), tolerance, dtype + " output");
            assertArrayEquals(io.doubles("h_n"), out.hn().value().toDoubleArray(), tolerance, dtype + " h_n");
            assertArrayEquals(io.doubles("c_n"), out.cn().value().toDoubleArray(), tolerance, dtype + " c_n");
        }
    }

    @Test
    @DisplayName("saved by jrnn, holds PyTorch's keys in PyTorch's order with PyTorch's shapes, and loads back")
    void saveThenLoad() throws IOException {
        RecurrentLayer original = lstm(DType.FLOAT64, 11);
        Path file = dir.resolve("lstm_proj.safetensors");
        StateDict.save(file, original.parameters());
        SafetensorsFile saved = Safetensors.read(file);
        SafetensorsFile pytorch = PyTorchFixtures.read(STATE_DICT);
        assertEquals(pytorch.names(), saved.names());
        for (String name : pytorch.names()) {
            assertEquals(pytorch.shape(name), saved.shape(name), name);
        }
        RecurrentLayer copy = lstm(DType.FLOAT64, 12);
        StateDict.load(file, copy.parameters());
        for (Parameter p : original.parameters()) {
            assertArrayEquals(p.value().toDoubleArray(), copy.parameter(p.name()).value().toDoubleArray(), p.name());
        }
    }

    @Test
    @DisplayName("does not load into an LSTM without projections, naming weight_hr and the reshaped weight_hh")
    void refusedWithoutProjections() {
        RecurrentLayer plain = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(3)
                .hiddenSize(5).numLayers(2).bidirectional(true).build();
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                () -> StateDict.load(PyTorchFixtures.path(STATE_DICT), plain.parameters()));
        assertTrue(e.getMessage().contains("weight_hr_l0") || e.getMessage().contains("weight_hh_l0"), e.getMessage());
    }
}
