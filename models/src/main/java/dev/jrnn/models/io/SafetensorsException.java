package dev.jrnn.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file cannot be loaded because of what it holds: it is truncated, corrupted, exceeds a
 * loading limit, or does not hold what was asked of it (another format, a newer format version,
 * metadata that contradicts the tensors, weights of another model). The message is
 * {@code "<file>: <what was wrong>"}, naming the tensor or metadata key when there is one.
 *
 * <p>This is the one exception that jrnn's loaders ({@link StateDict#load}, {@link Safetensors#read}
 * and the loaders built on them, such as the forecaster's) throw for any sequence of bytes; subtypes
 * say more ({@link WeightsMismatchException}). A plain {@link IOException} that is not one of these
 * means the file could not be read at all (permissions, a failing disk).
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public SafetensorsException(String message) {
        super(message);
        this.file = null;
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
    }

    /** {@code "<file>: <what>"}. */
    public SafetensorsException(Path file, String what) {
        super(file + ": " + what);
        this.file = file;
    }

    /** {@code "<file>: <what>"} with its cause. */
    public SafetensorsException(Path file, String what, Throwable cause) {
        super(file + ": " + what, cause);
        this.file = file;
    }

    /** The file that could not be loaded, or null when the exception was made without one. */
    public Path file() {
        return file;
    }
}
