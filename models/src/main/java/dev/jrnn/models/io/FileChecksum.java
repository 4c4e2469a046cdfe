package dev.jrnn.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The CRC32C that jrnn writes into every safetensors file it saves, so that a file whose bytes
 * changed afterwards (a bit flipped on disk or in transfer, an edit) is refused instead of loading
 * weights or settings nobody wrote. The structural checks catch most damage to the header, but a
 * changed weight, or a changed digit in a metadata value, leaves a valid file.
 *
 * <p>The checksum is the {@code __metadata__} entry {@value #KEY}: eight lowercase hexadecimal
 * digits of the CRC32C of the whole file (the 8-byte length, the padded header and the data) as
 * written with {@value #PLACEHOLDER} in place of those digits. Other writers (PyTorch's
 * {@code safetensors}) neither write nor need it; a file without it loads unchecked.
 */
final class FileChecksum {
    /** The metadata key of the checksum. */
    static final String KEY = "jrnn.crc32c";
    /** The value the checksum is computed over. */
    static final String PLACEHOLDER = "00000000";
    private static final int DIGITS = PLACEHOLDER.length();
    private static final int CHUNK = 1 << 20;

    private FileChecksum() {
    }

    /**
     * Writes the checksum of {@code prefix + head + data} into {@code head}, at the placeholder the
     * header was written with.
     */
    static void seal(byte[] prefix, byte[] head, Iterable<byte[]> data) {
        int at = valueOffset(head, PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("safetensors: the header lacks the checksum placeholder");
        }
        CRC32C crc = new CRC32C();
        crc.update(prefix);
        crc.update(head);
        for (byte[] d : data) {
            crc.update(d);
        }
        byte[] digits = hex(crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, head, at, DIGITS);
    }

    /**
     * Checks the checksum {@code recorded} (the metadata value) against the file's bytes: the
     * 8-byte {@code prefix}, the {@code header} bytes (padding included) and {@code dataLength}
     * bytes of {@code channel} from {@code dataStart}.
     */
    static void verify(Path file, String recorded, byte[] prefix, byte[] header, FileChannel channel, long dataStart,
                       long dataLength) throws IOException {
        CRC32C crc = start(file, recorded, prefix, header);
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, dataLength)));
        for (long at = 0; at < dataLength; at += chunk.limit()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), dataLength - at));
            DataSection.readFully(channel, dataStart + at, chunk);
            chunk.flip();
            crc.update(chunk);
        }
        compare(file, recorded, crc);
    }

    /** {@link #verify} for a file held in memory, the data being {@code data}'s remaining bytes. */
    static void verify(Path file, String recorded, byte[] prefix, byte[] header, ByteBuffer data)
            throws SafetensorsException {
        CRC32C crc = start(file, recorded, prefix, header);
        crc.update(data.duplicate());
        compare(file, recorded, crc);
    }

    /**
     * Fails when a file without the checksum has a metadata key one flipped bit away from
     * {@value #KEY}: the checksum's own key was damaged, which would otherwise let the file load
     * unchecked.
     */
    static void checkKeyIntact(Path file, Iterable<String> keys) throws SafetensorsException {
        for (String k : keys) {
            if (k.length() == KEY.length() && oneBitApart(k, KEY)) {
                throw new SafetensorsException(file, "__metadata__ key '" + k + "' is one bit away from '" + KEY
                        + "': the key of the file's checksum was damaged (the file is corrupt)");
            }
        }
    }

    private static boolean oneBitApart(String a, String b) {
        int bits = 0;
        for (int i = 0; i < a.length(); i++) {
            bits += Integer.bitCount(a.charAt(i) ^ b.charAt(i));
        }
        return bits == 1;
    }

    private static CRC32C start(Path file, String recorded, byte[] prefix, byte[] header) throws SafetensorsException {
        if (!recorded.matches("[0-9a-f]{" + DIGITS + "}")) {
            throw new SafetensorsException(file, "__metadata__ '" + KEY + "' is '" + recorded
                    + "', not the eight hexadecimal digits of a CRC32C (the file is corrupt)");
        }
        int at = valueOffset(header, recorded);
        if (at < 0) {
            throw new SafetensorsException(file, "__metadata__ '" + KEY + "' is not where jrnn writes it: the header"
                    + " was rewritten after the file was saved (a tool that rewrites a jrnn file must leave this key"
                    + " out)");
        }
        byte[] sealed = header.clone();
        System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, sealed, at, DIGITS);
        CRC32C crc = new CRC32C();
        crc.update(prefix);
        crc.update(sealed);
        return crc;
    }

    private static void compare(Path file, String recorded, CRC32C crc) throws SafetensorsException {
        String actual = hex(crc.getValue());
        if (!actual.equals(recorded)) {
            throw new SafetensorsException(file, "checksum mismatch: the file's bytes give CRC32C " + actual
                    + " but it was saved with " + recorded + " (__metadata__ '" + KEY + "'): the file changed after"
                    + " it was written (damaged on disk or in transfer, or edited); restore it from a copy");
        }
    }

    /** Where the value of {@code "KEY":"value"} starts in {@code header}, or -1. */
    private static int valueOffset(byte[] header, String value) {
        byte[] pattern = ("\"" + KEY + "\":\"" + value + "\"").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + pattern.length <= header.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (header[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i + pattern.length - 1 - DIGITS;
        }
        return -1;
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }
}
