package dev.jrnn.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files beyond 2 GiB, made sparse (only their header and a few data bytes are written), and data
 * read across memory-mapping windows.
 */
class LargeSafetensorsFileTest {
    @TempDir
    Path dir;

    /** A sparse file of {@code header}, a data section of {@code dataLength} bytes, and {@code tail} at its end. */
    private Path sparse(String header, long dataLength, byte[] tail) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("large.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.setLength(8 + h.length + dataLength);
            f.seek(8 + h.length + dataLength - tail.length);
            f.write(tail);
        }
        return p;
    }

    private static byte[] doublesLe(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    @Test
    @DisplayName("a 2.4 GB file loads: its header, and a tensor past byte 2^31 read through the mapping")
    void beyondTwoGigabytes() throws IOException {
        long big = 600_000_000L * 4;
        long end = big + 32;
        Path p = sparse("{\"big\":{\"dtype\":\"F32\",\"shape\":[600000000],\"data_offsets\":[0," + big + "]},"
                + "\"small\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[" + big + "," + end + "]}}",
                end, doublesLe(1.5, -2, 3e-3, 4e100));
        assertTrue(Files.size(p) > (1L << 31));
        SafetensorsFile f = Safetensors.read(p);
        assertEquals(Shape.of(600_000_000), f.shape("big"));
        assertEquals(big, f.info("big").byteLength());
        assertArrayEquals(new double[] {1.5, -2, 3e-3, 4e100}, f.doubles("small"));
    }

    @Test
    @DisplayName("a tensor of more elements than a Java array holds is refused clearly, naming it and the limit")
    void tensorBeyondOneArray() throws IOException {
        long elements = 3_000_000_000L;
        long bytes = elements * 4;
        Path p = sparse("{\"huge\":{\"dtype\":\"F32\",\"shape\":[3,1000000000],\"data_offsets\":[0," + bytes + "]}}",
                bytes, new byte[4]);
        SafetensorsException ex = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
        assertTrue(ex.getMessage().contains("'huge'") && ex.getMessage().contains("3000000000 elements")
                && ex.getMessage().contains("one Java array"), ex.getMessage());
    }

    @Test
    @DisplayName("tensors read through small mapping windows equal the written ones, whatever their alignment")
    void acrossWindows() throws IOException {
        Path p = dir.resolve("w.safetensors");
        double[] d = new double[37];
        float[] f = new float[13];
        long[] n = new long[5];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sin(i) * 1e3;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.cos(i);
        }
        for (int i = 0; i < n.length; i++) {
            n[i] = (long) i * Integer.MAX_VALUE;
        }
        new SafetensorsWriter().putFloats("f", Shape.of(13), f).putDoubles("d", Shape.of(37), d)
                .putLongs("n", Shape.of(5), n).write(p);
        SafetensorsFile read = Safetensors.read(p);
        long dataStart = Files.size(p) - (13 * 4 + 37 * 8 + 5 * 8);
        for (long window : new long[] {8, 24, 64, 1 << 20}) {
            DataSection mapped;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                mapped = DataSection.map(ch, dataStart, Files.size(p) - dataStart, window);
            }
            SafetensorsFile viaMap = new SafetensorsFile(p, java.util.Map.of("f", read.info("f"), "d", read.info("d"),
                    "n", read.info("n")), read.metadata(), mapped);
            assertArrayEquals(f, viaMap.floats("f"), "window " + window);
            assertArrayEquals(d, viaMap.doubles("d"), "window " + window);
            assertArrayEquals(n, viaMap.longs("n"), "window " + window);
        }
    }
}
