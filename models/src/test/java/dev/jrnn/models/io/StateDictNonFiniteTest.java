package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictNonFiniteTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private RecurrentLayer gru(DType dtype, long seed) {
        return RecurrentLayer.builder("gru").backend(be).dtype(dtype).inputSize(2).hiddenSize(3).seed(seed).build();
    }

    /** {@code source}'s weights saved as F64, with {@code value} at {@code index} of {@code tensor}. */
    private Path saveWith(RecurrentLayer source, String tensor, int index, double value) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        for (Parameter p : source.parameters()) {
            double[] v = p.value().toDoubleArray();
            if (p.name().equals(tensor)) {
                v[index] = value;
            }
            w.putDoubles(p.name(), p.shape(), v);
        }
        Path file = dir.resolve("w.safetensors");
        w.write(file);
        return file;
    }

    private static List<double[]> values(RecurrentLayer layer) {
        List<double[]> out = new ArrayList<>();
        layer.parameters().forEach(p -> out.add(p.value().toDoubleArray()));
        return out;
    }

    @Test
    @DisplayName("a NaN or infinite weight is refused naming the tensor and position, and no parameter changes")
    void refusesNonFinite() throws IOException {
        RecurrentLayer target = gru(DType.FLOAT64, 2);
        List<double[]> before = values(target);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Path file = saveWith(gru(DType.FLOAT64, 1), "weight_hh_l0", 4, bad);
            SafetensorsException ex = assertThrows(SafetensorsException.class,
                    () -> StateDict.load(file, target.parameters()));
            assertTrue(ex.getMessage().contains("w.safetensors") && ex.getMessage().contains("'weight_hh_l0'")
                    && ex.getMessage().contains("[1, 1]") && ex.getMessage().contains(String.valueOf(bad)),
                    ex.getMessage());
            List<double[]> after = values(target);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), 0, "parameter " + i + " unchanged");
            }
        }
    }

    @Test
    @DisplayName("a finite F64 weight that overflows FLOAT32 is refused as infinite")
    void refusesOverflowToFloat() throws IOException {
        Path file = saveWith(gru(DType.FLOAT64, 1), "bias_ih_l0", 0, 1e300);
        SafetensorsException ex = assertThrows(SafetensorsException.class,
                () -> StateDict.load(file, gru(DType.FLOAT32, 2).parameters()));
        assertTrue(ex.getMessage().contains("'bias_ih_l0'") && ex.getMessage().contains("Infinity")
                && ex.getMessage().contains("FLOAT32"), ex.getMessage());
        StateDict.load(file, gru(DType.FLOAT64, 2).parameters());
    }

    @Test
    @DisplayName("with allowingNonFinite the same file loads, NaN and all")
    void allowsWhenAsked() throws IOException {
        Path file = saveWith(gru(DType.FLOAT64, 1), "weight_ih_l0", 0, Double.NaN);
        RecurrentLayer target = gru(DType.FLOAT64, 2);
        StateDict.load(file, target.parameters(), LoadOptions.DEFAULT.allowingNonFinite());
        assertTrue(Double.isNaN(target.parameter("weight_ih_l0").value().toDoubleArray()[0]));
    }
}
