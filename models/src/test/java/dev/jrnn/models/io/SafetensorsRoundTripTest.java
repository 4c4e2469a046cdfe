package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    @Test
    @DisplayName("tensors and metadata written by jrnn read back identical, in order and dtype")
    void roundTrip() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight_ih_l0", backend.fromArray(new double[] {1.5, -2.25, Math.PI, 1e-300, 7, 8},
                Shape.of(2, 3), DType.FLOAT64));
        tensors.put("bias", backend.fromArray(new float[] {0.1f, -0.2f, 3e-7f}, Shape.of(3)));
        tensors.put("scalar", backend.scalar(42.0, DType.FLOAT64));
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt", "note", "quote \" and \\ and \n"));

        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("weight_ih_l0", "bias", "scalar"), read.names());
        assertEquals(Map.of("format", "pt", "note", "quote \" and \\ and \n"), read.metadata());
        assertEquals(SafetensorsDType.F64, read.dtype("weight_ih_l0"));
        assertEquals(SafetensorsDType.F32, read.dtype("bias"));
        assertEquals(Shape.of(2, 3), read.shape("weight_ih_l0"));
        assertEquals(Shape.scalar(), read.shape("scalar"));
        assertArrayEquals(tensors.get("weight_ih_l0").toDoubleArray(), read.doubles("weight_ih_l0"));
        assertArrayEquals(tensors.get("bias").toFloatArray(), read.floats("bias"));
        try (Tensor bias = read.tensor("bias", backend)) {
            assertEquals(DType.FLOAT32, bias.dtype());
            assertArrayEquals(tensors.get("bias").toFloatArray(), bias.toFloatArray());
        }
        assertEquals(42.0, read.doubles("scalar")[0]);
    }

    @Test
    @DisplayName("the written bytes follow the format: LE header length, padded JSON, packed LE data")
    void bytesFollowTheFormat() throws IOException {
        Path file = dir.resolve("a.safetensors");
        new SafetensorsWriter()
                .putDoubles("x", Shape.of(2), new double[] {1.0, -2.0})
                .putLongs("n", Shape.of(1), new long[] {-5})
                .metadata("k", "v")
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        assertEquals(8 + n + 16 + 8, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\",\"jrnn.crc32c\":\"########\"},"
                + "\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}",
                header.strip().replaceFirst("\"jrnn.crc32c\":\"[0-9a-f]{8}\"", "\"jrnn.crc32c\":\"########\""),
                "the checksum last in the metadata, eight hexadecimal digits");
        b.position(8 + (int) n);
        assertEquals(1.0, b.getDouble());
        assertEquals(-2.0, b.getDouble());
        assertEquals(-5L, b.getLong());
        assertArrayEquals(new long[] {-5}, Safetensors.read(file).longs("n"));
    }

    @Test
    @DisplayName("a write that fails midway leaves the previous file intact and no temporary file")
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Tensor good = backend.fromArray(new double[] {1, 2, 3}, Shape.of(3), DType.FLOAT64);
        Safetensors.write(file, Map.of("w", good));
        byte[] before = Files.readAllBytes(file);

        Tensor closed = backend.fromArray(new double[] {4, 5}, Shape.of(2), DType.FLOAT64);
        closed.close();
        Map<String, Tensor> broken = new LinkedHashMap<>();
        broken.put("w", good);
        broken.put("broken", closed);
        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, broken));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    @DisplayName("an existing file is replaced by a new write")
    void overwriteReplaces() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        new SafetensorsWriter().putDoubles("a", Shape.of(1), new double[] {1}).write(file);
        new SafetensorsWriter().putDoubles("b", Shape.of(2), new double[] {2, 3}).write(file);
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("b"), read.names());
        assertArrayEquals(new double[] {2, 3}, read.doubles("b"));
    }

    @Test
    @DisplayName("asking for a tensor the file lacks names the file and lists what it holds")
    void unknownNameIsReported() throws IOException {
        Path file = dir.resolve("x.safetensors");
        new SafetensorsWriter().putDoubles("a", Shape.of(1), new double[] {1}).write(file);
        SafetensorsFile read = Safetensors.read(file);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> read.doubles("b"));
        assertTrue(ex.getMessage().contains("x.safetensors") && ex.getMessage().contains("'b'")
                && ex.getMessage().contains("[a]"), ex.getMessage());
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class, () -> read.longs("a"));
        assertTrue(notInt.getMessage().contains("F64"), notInt.getMessage());
    }
}
