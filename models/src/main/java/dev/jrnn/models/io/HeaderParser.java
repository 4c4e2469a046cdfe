package dev.jrnn.models.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors header strictly, with jackson-core's streaming parser: UTF-8 without encoded
 * surrogates, JSON as RFC 8259 has it (no leading zeros or '+', no comments, no trailing commas, no
 * text after the object), no duplicate keys, no lone surrogate escapes, nesting at most
 * {@value #MAX_NESTING} deep, integers within a long, and the format's fields only: an object of
 * tensor entries {@code {dtype: string, shape: [integers], data_offsets: [integer, integer]}} and an
 * optional {@code __metadata__} object of strings. The values' meaning (dtype known, offsets in
 * range) is checked by {@link SafetensorsReader}.
 */
final class HeaderParser {
    /** Deeper than the format's three levels (header, entry, shape) is never valid. */
    static final int MAX_NESTING = 8;
    /** Dimensions of a tensor. */
    static final int MAX_RANK = 64;
    /** Characters of an integer: a long has at most 19 digits and a sign. */
    private static final int MAX_NUMBER_LENGTH = 20;

    /** One tensor's fields as written; nothing about them is checked yet. */
    record Entry(String name, String dtype, long[] shape, long[] offsets) {
    }

    /** The tensor entries in header order and the metadata. */
    record Header(List<Entry> entries, Map<String, String> metadata) {
    }

    /** Why a header is malformed; the caller adds the file name. */
    static final class MalformedHeader extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedHeader(String message) {
            super(message);
        }
    }

    /** Factories are thread-safe and costly to make: the one of the default limit is shared. */
    private static final JsonFactory DEFAULT_FACTORY = factory(LoadOptions.DEFAULT_MAX_HEADER_BYTES);

    private final JsonParser parser;

    private HeaderParser(JsonParser parser) {
        this.parser = parser;
    }

    /** Parses the header bytes, at most {@code maxBytes} of them. */
    static Header parse(byte[] bytes, int offset, int length, long maxBytes) throws MalformedHeader {
        String text = decode(bytes, offset, length);
        JsonFactory factory = maxBytes == LoadOptions.DEFAULT_MAX_HEADER_BYTES ? DEFAULT_FACTORY : factory(maxBytes);
        try (JsonParser p = factory.createParser(text)) {
            return new HeaderParser(p).header();
        } catch (JsonProcessingException ex) {
            long at = ex.getLocation() == null ? -1 : ex.getLocation().getCharOffset();
            throw new MalformedHeader("header is not valid JSON: " + plain(ex.getOriginalMessage())
                    + (at >= 0 ? " at character " + at : ""));
        } catch (IOException ex) {
            throw new MalformedHeader("header could not be parsed: " + ex.getMessage());
        }
    }

    /** A strict parser factory for headers of at most {@code maxBytes}. */
    private static JsonFactory factory(long maxBytes) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength((int) maxBytes)
                        .maxNameLength((int) maxBytes)
                        .maxDocumentLength(maxBytes)
                        .build())
                .build();
    }

    /** The header as text; malformed UTF-8 (including encoded surrogates) is rejected. */
    private static String decode(byte[] bytes, int offset, int length) throws MalformedHeader {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException ex) {
            throw new MalformedHeader("header is not valid UTF-8 near byte " + (in.position() - offset));
        }
    }

    private Header header() throws IOException, MalformedHeader {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedHeader("header is empty; it must be a JSON object");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedHeader("header must be a JSON object, found " + describe(first));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = checked(parser.currentName(), "a tensor name");
            parser.nextToken();
            if (key.equals("__metadata__")) {
                metadata = metadata();
            } else {
                entries.add(entry(key));
            }
        }
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw new MalformedHeader("header has " + describe(after) + " after its JSON object at character "
                    + parser.currentTokenLocation().getCharOffset());
        }
        return new Header(entries, metadata);
    }

    private Map<String, String> metadata() throws IOException, MalformedHeader {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedHeader("__metadata__ must be an object of strings, found " + describe(parser.currentToken()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = checked(parser.currentName(), "a __metadata__ key");
            JsonToken value = parser.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw new MalformedHeader("__metadata__ value of \"" + key + "\" must be a string, found "
                        + describe(value));
            }
            out.put(key, checked(parser.getText(), "__metadata__ value of \"" + key + "\""));
        }
        return out;
    }

    private Entry entry(String name) throws IOException, MalformedHeader {
        String where = "tensor '" + name + "': ";
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedHeader(where + "header entry must be an object, found " + describe(parser.currentToken()));
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new MalformedHeader(where + "\"dtype\" must be a string, found " + describe(value));
                    }
                    dtype = checked(parser.getText(), where + "\"dtype\"");
                }
                case "shape" -> shape = integers(where, "shape", MAX_RANK);
                case "data_offsets" -> {
                    offsets = integers(where, "data_offsets", 2);
                    if (offsets.length != 2) {
                        throw new MalformedHeader(where + "\"data_offsets\" must be an array of 2 integers, found "
                                + offsets.length);
                    }
                }
                default -> throw new MalformedHeader(where + "unknown field \"" + shorten(field)
                        + "\" (an entry has dtype, shape and data_offsets)");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new MalformedHeader(where + "missing " + (dtype == null ? "\"dtype\"" : shape == null ? "\"shape\""
                    : "\"data_offsets\""));
        }
        return new Entry(name, dtype, shape, offsets);
    }

    /** An array of at most {@code max} integers. */
    private long[] integers(String where, String field, int max) throws IOException, MalformedHeader {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedHeader(where + "\"" + field + "\" must be an array of integers, found "
                    + describe(parser.currentToken()));
        }
        long[] values = new long[Math.min(max, 8)];
        int n = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new MalformedHeader(where + "\"" + field + "\" element " + n + " is not an integer: " + describe(t));
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new MalformedHeader(where + "\"" + field + "\" element " + n + " (" + shorten(parser.getText())
                        + ") is out of range");
            }
            if (n == max) {
                throw new MalformedHeader(where + "\"" + field + "\" has more than " + max + " elements");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.min(max, 2 * n));
            }
            values[n++] = parser.getLongValue();
        }
        return Arrays.copyOf(values, n);
    }

    /** {@code s} unless it holds a lone surrogate (an escape like {@code \ud800} without its pair). */
    private static String checked(String s, String what) throws MalformedHeader {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedHeader(what + " holds a lone surrogate \\u" + Integer.toHexString(c)
                        + " at character " + i + " (not Unicode text)");
            }
        }
        return s;
    }

    private String describe(JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the header";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT, END_ARRAY -> "'" + t.asString() + "'";
            case VALUE_STRING -> "the string \"" + shorten(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(parser.getText());
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> t.asString();
            default -> t.name();
        };
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Jackson's message without its hints on how to configure Jackson. */
    private static String plain(String message) {
        String m = message == null ? "malformed" : message;
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline);
        }
        return m.replaceAll("[:;,]? *\\(?(enable|disable) `[^`]*`( to allow| to accept)?\\)?", "").strip();
    }
}
