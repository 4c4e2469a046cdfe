package dev.jrnn.models.io;

import java.nio.file.Path;

/**
 * A well-formed weights file does not match the model it is loaded into: a missing or unexpected
 * parameter name, or a parameter of another shape. The message names the file, the parameter and
 * the expected and found shape or names.
 */
public class WeightsMismatchException extends SafetensorsException {
    private static final long serialVersionUID = 1L;

    /** {@code "<file>: <what>"}. */
    public WeightsMismatchException(Path file, String what) {
        super(file, what);
    }
}
