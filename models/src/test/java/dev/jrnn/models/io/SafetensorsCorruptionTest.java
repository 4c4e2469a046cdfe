package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCorruptionTest {
    @TempDir
    Path dir;

    /** A file made of {@code header} and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private static void assertFails(Path p, String... fragments) {
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
        String m = ex.getMessage();
        assertTrue(m.contains("bad.safetensors"), "names the file: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
        }
    }

    private static final String ONE = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

    @Test
    @DisplayName("a file shorter than the 8-byte header length fails as truncated")
    void tooShort() throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertFails(p, "3 bytes", "truncated");
    }

    @Test
    @DisplayName("a header length beyond the file size is reported with both sizes")
    void headerBeyondFile() throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertFails(p, "header length 1000", "file size of 12 bytes");
    }

    @Test
    @DisplayName("a truncated data section is reported for the tensor whose offsets fall outside it")
    void truncatedData() throws IOException {
        Path good = file(ONE, 16);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(bytes, bytes.length - 5));
        assertFails(good, "'w'", "[0, 16]", "out of bounds", "11-byte");
    }

    @Test
    @DisplayName("a header that is not JSON is reported as such")
    void notJson() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F64\",", 0), "not valid JSON");
        assertFails(file("[1,2]", 0), "must be a JSON object");
    }

    @Test
    @DisplayName("an unsupported dtype names the tensor and the supported types")
    void unsupportedDtype() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "'w'", "C64", "F64");
    }

    @Test
    @DisplayName("offsets that disagree with shape and dtype name the tensor and the byte counts")
    void sizeMismatch() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", 16),
                "'w'", "needs 12 bytes", "span 16");
    }

    @Test
    @DisplayName("overlapping tensors are reported by both names")
    void overlap() throws IOException {
        assertFails(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", 24), "'a'", "'b'", "overlap");
    }

    @Test
    @DisplayName("a gap between tensors or trailing bytes after the last are rejected")
    void gapsAndTrailingBytes() throws IOException {
        assertFails(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 16), "'a'", "gap");
        assertFails(file(ONE, 20), "4 bytes after the last tensor");
    }

    @Test
    @DisplayName("malformed shape, offsets or metadata entries name the tensor and the field")
    void malformedFields() throws IOException {
        assertFails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0), "'w'", "-1");
        assertFails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", 8), "'w'", "data_offsets");
        assertFails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":\"1\",\"data_offsets\":[0,8]}}", 8), "'w'", "shape");
        assertFails(file("{\"__metadata__\":{\"k\":1}," + ONE.substring(1), 16), "__metadata__", "\"k\"");
    }

    @Test
    @DisplayName("a missing file fails with a safetensors error naming it")
    void missingFile() {
        assertFails(dir.resolve("bad.safetensors"), "no such file");
    }
}
