package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.train.NonFiniteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictSaveTest {
    private final Backend be = new ReferenceBackend();

    private Parameter parameter(String name, double... values) {
        return new Parameter(name, be.fromArray(values, Shape.of(values.length), DType.FLOAT32));
    }

    @Test
    @DisplayName("weights holding NaN or infinity are not saved: the previous file stays and the parameter is named")
    void nonFiniteWeightsAreNotSaved(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        StateDict.save(file, List.of(parameter("bias", 1, 2)));
        byte[] good = Files.readAllBytes(file);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> StateDict.save(file, List.of(parameter("bias", 1, 2), parameter("weight", 0, 3, bad))));
            assertEquals("parameter weight holds " + bad + " at index 2; a model with non-finite weights is not saved",
                    e.getMessage());
        }
        assertArrayEquals(good, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
