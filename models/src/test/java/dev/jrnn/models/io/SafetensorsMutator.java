package dev.jrnn.models.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a safetensors file as jrnn writes it: byte flips, truncation, a changed
 * header length, and edits of the header's text (numbers, dtypes, offsets, entries, metadata,
 * JSON syntax, deep nesting), optionally of the metadata's numbers in particular (for files whose
 * metadata decides what is built, such as a forecaster's). Each mutant carries its kind, for
 * counting outcomes. Shared with other modules' fuzzers through this module's test jar.
 */
public final class SafetensorsMutator {
    /** A mutated file and the kind of mutation that made it. */
    public record Mutant(String kind, byte[] bytes) {
    }

    private static final Pattern NUMBER = Pattern.compile("(?<=[\\[,])\\d+(?=[,\\]])");
    private static final Pattern DTYPE = Pattern.compile("(?<=\"dtype\":\")\\w*(?=\")");
    private static final Pattern OFFSETS = Pattern.compile("(?<=\"data_offsets\":)\\[\\d+,\\d+\\]");
    private static final Pattern SHAPE = Pattern.compile("(?<=\"shape\":)\\[[\\d,]*\\]");
    private static final Pattern ENTRY = Pattern.compile(
            "\"[^\"]+\":\\{\"dtype\":\"\\w+\",\"shape\":\\[[\\d,]*\\],\"data_offsets\":\\[\\d+,\\d+\\]\\}");
    private static final Pattern META_VALUE = Pattern.compile("(?<=\":)\"(?:[^\"\\\\]|\\\\.)*\"(?=[,}])");
    private static final Pattern PAIR = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\":\"(?:[^\"\\\\]|\\\\.)*\"(?=[,}])");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern NUMERIC_VALUE = Pattern.compile("(?<=\":)\"-?[0-9][0-9.E,-]*\"(?=[,}])");
    private static final String[] META_NUMBERS = {"\"12000\"", "\"65536\"", "\"0\"", "\"-1\"", "\"1\"", "\"2\"",
        "\"3\"", "\"7\"", "\"24\"", "\"2147483647\"", "\"2147483648\"", "\"1048577\"", "\"+1\"", "\"007\"",
        "\"1e3\"", "\"1.5\"", "\"0.5\"", "\"NaN\"", "\"Infinity\"", "\"1.0E300\"", "\"-0\"", "\"\"", "\"1,0\"",
        "\"0,1\"", "\"1,2,3\"", "\"0.9,0.1\"", "\"0.1,0.5,0.9\"", "\"1e400\""};
    private static final String[] NUMBERS = {"0", "1", "-1", "7", "-0", "1073741824", "2147483647", "2147483648",
        "4294967296", "3000000000", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "99999999999999999999999", "1e3", "1.5", "+1", "01", "00", "0x10", "NaN"};
    private static final String[] DTYPES = {"F16", "BF16", "F64", "F32", "I64", "I32", "I8", "U8", "BOOL", "f32", "",
        "F32 ", "C64"};
    private static final String[] JUNK = {"1", "-1", "null", "true", "{}", "[]", "[1,2]", "\"\"", "\"garbage\"",
        "\"\\ud800\"", "\"a\\udc00\"", "\"\\u0000\"", "'single'", "NaN", "1e999", "\"12000\"", "\"65536\"", "\"-1\""};

    private final byte[] original;
    private final String header;
    private final byte[] data;
    private final String[] metadataValues;
    private final List<BiFunction<SplittableRandom, String[], byte[]>> mutations = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();

    /**
     * @param file           a valid safetensors file as jrnn writes it
     * @param metadataValues JSON strings (quoted) that metadata values are replaced by, besides the junk every
     *                       test uses
     */
    public SafetensorsMutator(byte[] file, String... metadataValues) {
        this(file, false, metadataValues);
    }

    /**
     * A mutator that also replaces numeric metadata values by edge numbers (huge, negative, signed,
     * padded, non-finite, lists), and draws metadata mutations more often.
     */
    public static SafetensorsMutator withMetadataNumbers(byte[] file, String... metadataValues) {
        return new SafetensorsMutator(file, true, metadataValues);
    }

    private SafetensorsMutator(byte[] file, boolean metadataNumbers, String... metadataValues) {
        this.original = file.clone();
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        this.header = new String(file, 8, (int) n, StandardCharsets.UTF_8).stripTrailing();
        this.data = Arrays.copyOfRange(file, 8 + (int) n, file.length);
        this.metadataValues = metadataValues.clone();
        add("flip bytes", (r, k) -> flip(r, 0, original.length));
        add("flip header bytes", (r, k) -> flip(r, 8, 8 + (int) n));
        add("flip data bytes", (r, k) -> data.length == 0 ? original.clone() : flip(r, 8 + (int) n, original.length));
        add("truncate", (r, k) -> Arrays.copyOf(original, r.nextInt(original.length)));
        add("append bytes", (r, k) -> append(r));
        add("header length", (r, k) -> headerLength(r));
        add("number", (r, k) -> text(replaceOne(r, NUMBER, m -> pick(r, NUMBERS)), r));
        add("dtype", (r, k) -> text(replaceOne(r, DTYPE, m -> pick(r, DTYPES)), r));
        add("shuffle offsets", (r, k) -> text(shuffle(r, OFFSETS), r));
        add("shuffle shapes", (r, k) -> text(shuffle(r, SHAPE), r));
        add("remove entry", (r, k) -> text(removeEntry(r), r));
        add("duplicate entry", (r, k) -> text(replaceOne(r, ENTRY, m -> m.group() + "," + m.group()), r));
        add("rename entry", (r, k) -> text(replaceOne(r, ENTRY, m -> "\"x" + m.group().substring(1)), r));
        add("metadata value", (r, k) -> text(metadataValue(r), r));
        if (metadataNumbers) {
            add("metadata number", (r, k) -> text(replaceOne(r, NUMERIC_VALUE, m -> pick(r, META_NUMBERS)), r));
            add("metadata number", (r, k) -> text(replaceOne(r, NUMERIC_VALUE, m -> pick(r, META_NUMBERS)), r));
            add("metadata value", (r, k) -> text(metadataValue(r), r));
        }
        add("nesting", (r, k) -> text(nesting(r), r));
        add("json syntax", (r, k) -> text(syntax(r), r));
        add("padding", (r, k) -> padding(r));
    }

    private void add(String kind, BiFunction<SplittableRandom, String[], byte[]> mutation) {
        kinds.add(kind);
        mutations.add(mutation);
    }

    /** One mutant drawn with {@code random}. */
    public Mutant next(SplittableRandom random) {
        int k = random.nextInt(mutations.size());
        return new Mutant(kinds.get(k), mutations.get(k).apply(random, metadataValues));
    }

    private byte[] flip(SplittableRandom r, int from, int to) {
        byte[] b = original.clone();
        int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            b[from + r.nextInt(to - from)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
    }

    private byte[] append(SplittableRandom r) {
        byte[] b = Arrays.copyOf(original, original.length + 1 + r.nextInt(16));
        for (int i = original.length; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private byte[] headerLength(SplittableRandom r) {
        long[] lengths = {Long.MAX_VALUE, -1, Long.MIN_VALUE, 1L << 32, 3_000_000_000L, 100L * 1024 * 1024 + 1,
            original.length, original.length - 7, original.length - 8, 0, 1, r.nextInt(original.length)};
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[r.nextInt(lengths.length)]);
        return b;
    }

    private byte[] padding(SplittableRandom r) {
        String padded = new String(original, 8, original.length - 8 - data.length, StandardCharsets.UTF_8);
        if (padded.length() == header.length()) {
            return text(header + "  ", r);
        }
        int at = header.length() + r.nextInt(padded.length() - header.length());
        char[] c = padded.toCharArray();
        String replacements = " \t\n\r\0x}]";
        c[at] = replacements.charAt(r.nextInt(replacements.length()));
        return assemble(new String(c), data);
    }

    private String replaceOne(SplittableRandom r, Pattern p, java.util.function.Function<MatchResult, String> with) {
        List<MatchResult> found = p.matcher(header).results().toList();
        if (found.isEmpty()) {
            return header + " ";
        }
        MatchResult m = found.get(r.nextInt(found.size()));
        return header.substring(0, m.start()) + with.apply(m) + header.substring(m.end());
    }

    private String shuffle(SplittableRandom r, Pattern p) {
        List<MatchResult> found = p.matcher(header).results().toList();
        List<String> values = new ArrayList<>(found.stream().map(MatchResult::group).toList());
        for (int i = values.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = values.get(i);
            values.set(i, values.get(j));
            values.set(j, t);
        }
        StringBuilder sb = new StringBuilder();
        Matcher m = p.matcher(header);
        int i = 0;
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(i++)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String removeEntry(SplittableRandom r) {
        List<MatchResult> found = ENTRY.matcher(header).results().toList();
        if (found.isEmpty()) {
            return header;
        }
        MatchResult m = found.get(r.nextInt(found.size()));
        int start = m.start();
        int end = m.end();
        if (header.charAt(end) == ',') {
            end++;
        } else if (header.charAt(start - 1) == ',') {
            start--;
        }
        return header.substring(0, start) + header.substring(end);
    }

    private String metadataValue(SplittableRandom r) {
        int meta = header.indexOf("\"__metadata__\":{");
        if (meta < 0) {
            return replaceOne(r, NUMBER, m -> pick(r, JUNK));
        }
        int close = header.indexOf('}', meta);
        List<MatchResult> values = META_VALUE.matcher(header).region(meta, close + 1).results().toList();
        if (values.isEmpty()) {
            return header;
        }
        MatchResult m = values.get(r.nextInt(values.size()));
        String with = metadataValues.length > 0 && r.nextBoolean() ? pick(r, metadataValues) : pick(r, JUNK);
        return header.substring(0, m.start()) + with + header.substring(m.end());
    }

    private String nesting(SplittableRandom r) {
        String deep = "[".repeat(5000) + (r.nextBoolean() ? "]".repeat(5000) : "");
        return switch (r.nextInt(4)) {
            case 0 -> deep;
            case 1 -> replaceOne(r, SHAPE, m -> deep);
            case 2 -> replaceOne(r, META_VALUE, m -> deep);
            default -> header.substring(0, header.length() - 1) + ",\"deep\":" + deep + "}";
        };
    }

    private String syntax(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> replaceOne(r, NUMBER, m -> "+" + m.group());
            case 1 -> replaceOne(r, NUMBER, m -> "0" + m.group());
            case 2 -> header.substring(0, header.length() - 1) + ",}";
            case 3 -> header + "x";
            case 4 -> header + "{}";
            case 5 -> replaceOne(r, STRING, m -> m.group().substring(0, m.group().length() - 1) + "\\ud800\"");
            case 6 -> "/* comment */" + header;
            case 7 -> replaceOne(r, STRING, m -> "'" + m.group().substring(1, m.group().length() - 1) + "'");
            case 8 -> replaceOne(r, STRING, m -> m.group().substring(0, 1) + "\t" + m.group().substring(1));
            default -> replaceOne(r, PAIR, m -> m.group() + "," + m.group());
        };
    }

    /** The file with {@code newHeader}, padded with spaces to 8 bytes or not, and the original data. */
    private byte[] text(String newHeader, SplittableRandom r) {
        String h = newHeader;
        if (r.nextBoolean()) {
            int bytes = h.getBytes(StandardCharsets.UTF_8).length;
            h = h + " ".repeat((8 - bytes % 8) % 8);
        }
        return assemble(h, data);
    }

    private static byte[] assemble(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
