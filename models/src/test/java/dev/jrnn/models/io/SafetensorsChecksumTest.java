package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRC32C every saved file carries: a file whose bytes changed after saving is refused, naming it. */
class SafetensorsChecksumTest {
    private final Backend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private RecurrentLayer lstm(long seed) {
        return RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT32).inputSize(2).hiddenSize(3).seed(seed)
                .build();
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("w.safetensors");
        StateDict.save(file, lstm(1).parameters(), Map.of("epochs", "50", "note", "trained"));
        return file;
    }

    private static long headerLength(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static List<double[]> values(RecurrentLayer layer) {
        List<double[]> out = new ArrayList<>();
        layer.parameters().forEach(p -> out.add(p.value().toDoubleArray()));
        return out;
    }

    @Test
    @DisplayName("a saved file carries its CRC32C in the header; loading checks it and leaves it out of the metadata")
    void savedFilesCarryTheirChecksum() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 8, (int) headerLength(bytes), StandardCharsets.UTF_8);
        assertTrue(header.matches("(?s).*\"jrnn\\.crc32c\":\"[0-9a-f]{8}\".*"), header);
        assertEquals(Map.of("format", "pt", "epochs", "50", "note", "trained"), Safetensors.read(file).metadata());
        RecurrentLayer target = lstm(2);
        StateDict.load(file, target.parameters());
        List<double[]> expected = values(lstm(1));
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), target.parameters().get(i).value().toDoubleArray());
        }
    }

    @Test
    @DisplayName("every single-bit flip in the weights, which leaves a valid file, is refused as a checksum mismatch")
    void everyFlippedWeightBitIsRefused() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);
        int dataStart = 8 + (int) headerLength(good);
        RecurrentLayer target = lstm(2);
        List<double[]> before = values(target);
        Path damaged = dir.resolve("damaged.safetensors");
        for (int i = dataStart; i < good.length; i += 7) {
            byte[] b = good.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Files.write(damaged, b);
            SafetensorsException ex = assertThrows(SafetensorsException.class,
                    () -> StateDict.load(damaged, target.parameters()), "flip at byte " + i);
            assertTrue(ex.getMessage().startsWith(damaged + ": checksum mismatch"), ex.getMessage());
        }
        List<double[]> after = values(target);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "a refused file changes no parameter");
        }
    }

    @Test
    @DisplayName("a changed metadata value or checksum digit, which parses, is refused too")
    void changedHeaderIsRefused() throws IOException {
        Path file = saved();
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Path damaged = dir.resolve("damaged.safetensors");
        Files.write(damaged, text.replace("\"epochs\":\"50\"", "\"epochs\":\"51\"").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(SafetensorsException.class, () -> Safetensors.read(damaged)).getMessage()
                .contains("checksum mismatch"));
        int digit = text.indexOf("\"jrnn.crc32c\":\"") + "\"jrnn.crc32c\":\"".length();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        b[digit] = (byte) (b[digit] == 'a' ? 'b' : 'a');
        Files.write(damaged, b);
        assertTrue(assertThrows(SafetensorsException.class, () -> Safetensors.read(damaged)).getMessage()
                .contains("checksum mismatch"));
        b[digit] = 'x';
        Files.write(damaged, b);
        assertTrue(assertThrows(SafetensorsException.class, () -> Safetensors.read(damaged)).getMessage()
                .contains("not the eight hexadecimal digits"));
    }

    @Test
    @DisplayName("every single-bit flip in the checksum's key, which would leave the file unchecked, is refused")
    void flippedChecksumKeyIsRefused() throws IOException {
        Path file = saved();
        byte[] good = Files.readAllBytes(file);
        String text = new String(good, StandardCharsets.ISO_8859_1);
        int key = text.indexOf("\"jrnn.crc32c\"") + 1;
        Path damaged = dir.resolve("damaged.safetensors");
        int refused = 0;
        for (int i = key; i < key + "jrnn.crc32c".length(); i++) {
            for (int bit = 0; bit < 7; bit++) {
                byte[] b = good.clone();
                b[i] ^= (byte) (1 << bit);
                Files.write(damaged, b);
                try {
                    Safetensors.read(damaged);
                } catch (SafetensorsException ex) {
                    assertTrue(ex.getMessage().startsWith(damaged + ": "), ex.getMessage());
                    refused++;
                    continue;
                }
                throw new AssertionError("a flip of bit " + bit + " of byte " + i + " (in the checksum's key) loaded");
            }
        }
        assertEquals(11 * 7, refused);
    }

    @Test
    @DisplayName("a file without the checksum, as PyTorch's safetensors writes it, loads unchecked")
    void fileWithoutChecksumLoads() throws IOException {
        byte[] header = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).putFloat(1.5f).putFloat(-2f);
        Path file = dir.resolve("torch.safetensors");
        Files.write(file, b.array());
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(Map.of(), read.metadata());
        Parameter t = new Parameter("t", be.zeros(Shape.of(2), DType.FLOAT64));
        StateDict.load(file, List.of(t));
        assertArrayEquals(new double[] {1.5, -2.0}, t.value().toDoubleArray());
    }

    @Test
    @DisplayName("the checksum key is reserved: a writer refuses it as metadata")
    void checksumKeyIsReserved() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter().metadata("jrnn.crc32c", "00000000"));
        assertTrue(ex.getMessage().contains("reserved"), ex.getMessage());
        assertFalse(ex.getMessage().isEmpty());
    }
}
