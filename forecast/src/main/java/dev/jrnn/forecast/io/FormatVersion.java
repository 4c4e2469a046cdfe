package dev.jrnn.forecast.io;

import dev.jrnn.models.io.SafetensorsException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The {@code format_version} of a file: a positive integer, at most the newest this jrnn writes. */
final class FormatVersion {
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,8}");

    private FormatVersion() {
    }

    /** The version {@code text} states, if this jrnn reads it. */
    static int check(Path file, String kind, String text, int newest) throws SafetensorsException {
        if (!POSITIVE.matcher(text).matches()) {
            throw new SafetensorsException(file, "metadata 'format_version' of this " + kind + " file is '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "', not a version number");
        }
        int version = Integer.parseInt(text);
        if (version > newest) {
            throw new SafetensorsException(file, "was written by a newer jrnn: " + kind + " format version " + version
                    + ", while this jrnn reads versions 1 to " + newest + "; load it with a newer jrnn");
        }
        return version;
    }
}
