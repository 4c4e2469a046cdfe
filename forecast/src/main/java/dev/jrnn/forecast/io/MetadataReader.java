package dev.jrnn.forecast.io;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict typed reads of string metadata that fail with an {@link IllegalArgumentException} naming
 * the key and the text: integers as JSON writes them ({@code -?(0|[1-9][0-9]*)}, no '+', no leading
 * zeros, within the type), finite decimal numbers, booleans {@code true} or {@code false} only, and
 * enum constants by their exact name.
 */
public final class MetadataReader {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final Map<String, String> map;

    public MetadataReader(Map<String, String> map) {
        this.map = map;
    }

    /** Whether {@code key} is present. */
    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** The text of {@code key}, which must be present. */
    public String get(String key) {
        String v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("metadata lacks '" + key + "'");
        }
        return v;
    }

    /** The int of {@code key}. */
    public int integer(String key) {
        return integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The int of {@code key}, which must lie in {@code [min, max]}. */
    public int integer(String key, int min, int max) {
        long v = parseLong(key, get(key));
        if (v < min || v > max) {
            throw new IllegalArgumentException("metadata '" + key + "' is " + v + ", outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** The long of {@code key}. */
    public long longValue(String key) {
        return parseLong(key, get(key));
    }

    /** The finite number of {@code key}. */
    public double number(String key) {
        return parseNumber(key, get(key));
    }

    /** The boolean of {@code key}: {@code true} or {@code false}, nothing else. */
    public boolean bool(String key) {
        String v = get(key);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("metadata '" + key + "' is " + quote(v)
                    + ", expected true or false");
        };
    }

    /** The constant of {@code type} named by {@code key}'s text exactly. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        return parseChoice(key, get(key), type);
    }

    /** {@code text}, a value of {@code key}, as a long. */
    public static long parseLong(String key, String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException beyondLong) {
                // reported below, as every other malformed integer
            }
        }
        throw new IllegalArgumentException("metadata '" + key + "' is not an integer: " + quote(text));
    }

    /** {@code text}, a value of {@code key}, as a finite double. */
    public static double parseNumber(String key, String text) {
        if (DECIMAL.matcher(text).matches()) {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException("metadata '" + key + "' is not a finite number: " + quote(text));
    }

    /** {@code text}, a value of {@code key}, as the constant of {@code type} of that exact name. */
    public static <E extends Enum<E>> E parseChoice(String key, String text, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("metadata '" + key + "' is " + quote(text) + ", expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    private static String quote(String text) {
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }
}
