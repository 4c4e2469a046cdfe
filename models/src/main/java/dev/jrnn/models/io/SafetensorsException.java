package dev.jrnn.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file is truncated, corrupted or does not hold what was asked of it. The message
 * names the file, the tensor when there is one, and what was expected.
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<file>: <what>"}. */
    public SafetensorsException(Path file, String what) {
        super(file + ": " + what);
    }

    /** {@code "<file>: <what>"} with its cause. */
    public SafetensorsException(Path file, String what, Throwable cause) {
        super(file + ": " + what, cause);
    }
}
