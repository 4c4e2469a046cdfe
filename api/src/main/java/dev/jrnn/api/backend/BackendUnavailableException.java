package dev.jrnn.api.backend;

/**
 * The selected backend is on the classpath but cannot run here (no driver, no native library), or
 * its provider failed to create it. The message carries the provider's reason; jrnn never falls
 * back to another backend silently.
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
