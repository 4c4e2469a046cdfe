package dev.jrnn.api.backend;

/**
 * No backend could be selected: none is on the classpath, or the named one is not among those
 * found. The message says what was found and what to add.
 */
public class BackendNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendNotFoundException(String message) {
        super(message);
    }
}
