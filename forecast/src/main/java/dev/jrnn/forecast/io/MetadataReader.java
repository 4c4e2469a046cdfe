package dev.jrnn.forecast.io;

import java.util.Map;

/** Typed reads of string metadata that fail naming the key. */
public final class MetadataReader {
    private final Map<String, String> map;

    public MetadataReader(Map<String, String> map) {
        this.map = map;
    }

    public String get(String key) {
        String v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("forecaster metadata lacks '" + key + "'");
        }
        return v;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("forecaster metadata '" + key + "' is not an integer: " + get(key));
        }
    }

    public double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("forecaster metadata '" + key + "' is not a number: " + get(key));
        }
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(get(key));
    }
}
