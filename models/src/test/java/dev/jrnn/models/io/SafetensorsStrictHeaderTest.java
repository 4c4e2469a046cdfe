package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header is JSON as RFC 8259 has it, of the format's fields only, within the limits. */
class SafetensorsStrictHeaderTest {
    @TempDir
    Path dir;

    private static final String W = "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}";

    private Path file(byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path p = dir.resolve("h.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private Path file(String header, int dataBytes) throws IOException {
        return file(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static String fails(Path p, String... fragments) {
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
        String m = ex.getMessage();
        assertTrue(m.startsWith(p + ": "), "names the file first: " + m);
        assertEquals(p, ex.file());
        for (String f : fragments) {
            assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
        }
        return m;
    }

    @Test
    @DisplayName("the well-formed header of these tests loads, with whitespace padding after it")
    void wellFormed() throws IOException {
        SafetensorsFile f = Safetensors.read(file("{\"__metadata__\":{\"k\":\"v\"}," + W + "}  \n\t ", 16));
        assertEquals(Map.of("k", "v"), f.metadata());
        assertEquals(2, f.doubles("w").length);
    }

    @Test
    @DisplayName("numbers with a '+', leading zeros, a fraction or beyond a long are refused")
    void strictNumbers() throws IOException {
        fails(file("{" + W.replace("[2]", "[+2]") + "}", 16), "not valid JSON");
        fails(file("{" + W.replace("[0,16]", "[000,16]") + "}", 16), "not valid JSON", "eading zero");
        fails(file("{" + W.replace("[0,16]", "[0,016]") + "}", 16), "not valid JSON");
        fails(file("{" + W.replace("[2]", "[2.0]") + "}", 16), "'w'", "shape", "not an integer");
        fails(file("{" + W.replace("[2]", "[9223372036854775808]") + "}", 16), "'w'", "out of range");
        fails(file("{" + W.replace("[2]", "[1234567890123456789012345]") + "}", 16), "not valid JSON");
    }

    @Test
    @DisplayName("lone surrogates, escaped or encoded, are refused naming where they are")
    void loneSurrogates() throws IOException {
        fails(file("{\"__metadata__\":{\"k\":\"a\\ud800b\"}," + W + "}", 16), "__metadata__ value of \"k\"",
                "lone surrogate");
        fails(file("{\"w\\udc00\":" + W.substring(4) + "}", 16), "surrogate");
        byte[] encoded = ("{\"__metadata__\":{\"k\":\"a__\"}," + W + "}").getBytes(StandardCharsets.UTF_8);
        int at = new String(encoded, StandardCharsets.ISO_8859_1).indexOf("a__") + 1;
        encoded[at] = (byte) 0xED;
        encoded[at + 1] = (byte) 0xA0;
        byte[] longer = new byte[encoded.length + 1];
        System.arraycopy(encoded, 0, longer, 0, at + 2);
        longer[at + 2] = (byte) 0x80;
        System.arraycopy(encoded, at + 2, longer, at + 3, encoded.length - at - 2);
        fails(file(longer, 16), "not valid UTF-8");
        assertTrue(Safetensors.read(file("{\"__metadata__\":{\"k\":\"\\ud83d\\ude00\"}," + W + "}", 16))
                .metadata().get("k").equals("\ud83d\ude00"), "a surrogate pair is one character");
    }

    @Test
    @DisplayName("duplicate keys are refused, among tensors, in the metadata and within an entry")
    void duplicateKeys() throws IOException {
        fails(file("{" + W + "," + W + "}", 16), "Duplicate", "w");
        fails(file("{\"__metadata__\":{\"k\":\"v\",\"k\":\"u\"}," + W + "}", 16), "Duplicate", "k");
        fails(file("{" + W.replace("\"shape\":[2],", "\"shape\":[2],\"shape\":[2],") + "}", 16), "Duplicate");
    }

    @Test
    @DisplayName("text after the header object, other than spaces, is refused")
    void trailingText() throws IOException {
        fails(file("{" + W + "}x", 16), "not valid JSON");
        fails(file("{" + W + "}{}", 16), "an object after its JSON object");
        fails(file("{" + W + ",}", 16), "not valid JSON");
        fails(file("", 0), "header is empty");
    }

    @Test
    @DisplayName("metadata is a map of strings: numbers, null, objects and arrays as values are refused")
    void metadataOfStrings() throws IOException {
        for (String value : new String[] {"1", "null", "true", "{}", "[\"a\"]"}) {
            fails(file("{\"__metadata__\":{\"k\":" + value + "}," + W + "}", 16), "__metadata__ value of \"k\"",
                    "must be a string");
        }
        fails(file("{\"__metadata__\":[]," + W + "}", 16), "__metadata__ must be an object of strings");
    }

    @Test
    @DisplayName("10 KB of nested brackets are refused where they stand, anywhere in the header, without exhausting the stack")
    void deepNesting() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        fails(file(deep, 0), "must be a JSON object, found an array");
        fails(file("[".repeat(10_000), 0), "must be a JSON object, found an array");
        fails(file("{\"__metadata__\":{\"k\":" + deep + "}," + W + "}", 16), "__metadata__ value of \"k\"",
                "found an array");
        fails(file("{\"w\":" + deep + "}", 16), "'w'", "must be an object");
        fails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":" + deep + ",\"data_offsets\":[0,16]}}", 16),
                "'w'", "not an integer: an array");
    }

    @Test
    @DisplayName("an entry holds dtype, shape and data_offsets only, each of its type")
    void entryFields() throws IOException {
        fails(file("{" + W.replace("}", ",\"extra\":1}") + "}", 16), "'w'", "unknown field \"extra\"");
        fails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2]}}", 16), "'w'", "missing \"data_offsets\"");
        fails(file("{\"w\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,16]}}", 16), "'w'", "\"dtype\" must be a string");
        fails(file("{" + W.replace("[0,16]", "[0,16,32]") + "}", 16), "'w'", "more than 2 elements");
        fails(file("{" + W.replace("[2]", "[" + "1,".repeat(64) + "2]") + "}", 16), "'w'", "more than 64");
        fails(file("{\"w\":[]}", 0), "'w'", "must be an object");
    }

    @Test
    @DisplayName("a shape whose byte count overflows a long is refused, however the offsets are set")
    void overflowingShape() throws IOException {
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,4],\"data_offsets\":[0,0]}}", 0),
                "'w'", "more than 2^63-1");
        fails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,0]}}", 0),
                "'w'", "more than 2^63-1");
        fails(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296],\"data_offsets\":[0,0]}}", 0),
                "'w'", "out of range");
    }

    @Test
    @DisplayName("a header or tensor claiming 3 GB more than the file holds is refused at once, before any allocation")
    void claimsBeyondTheFile() throws IOException {
        long start = System.nanoTime();
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[750000000],\"data_offsets\":[0,3000000000]}}", 16),
                "'w'", "[0, 3000000000]", "out of bounds of the 16-byte data section");
        Path p = dir.resolve("len.safetensors");
        Files.write(p, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(3_000_000_000L).array());
        fails(p, "header length 3000000000", "file size of 64 bytes");
        Files.write(p, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        fails(p, "header length 18446744073709551615");
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused without reading or allocating");
    }

    @Test
    @DisplayName("a header longer than the limit is refused before it is read")
    void headerLimit() throws IOException {
        Path p = file("{" + W + "}" + " ".repeat(200), 16);
        assertEquals(1, Safetensors.read(p).names().size());
        SafetensorsException ex = assertThrows(SafetensorsException.class,
                () -> Safetensors.read(p, LoadOptions.DEFAULT.withMaxHeaderBytes(100)));
        assertTrue(ex.getMessage().contains("exceeds the limit of 100 bytes"), ex.getMessage());
    }

    @Test
    @DisplayName("the writer refuses a lone surrogate that UTF-8 could not store")
    void writerRefusesLoneSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter().metadata("k", "a\ud800"));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter().putDoubles("w\udc00", dev.jrnn.api.Shape.of(1), new double[] {1}));
    }
}
