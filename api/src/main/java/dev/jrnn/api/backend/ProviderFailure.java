package dev.jrnn.api.backend;

/**
 * A provider listed in a {@code META-INF/services/dev.jrnn.api.backend.BackendProvider} file that
 * could not be used: its class is missing (a typo in the file, a missing jar), its constructor or
 * static initializer threw, or its {@code name()} or {@code priority()} threw.
 *
 * @param providerClass the class name as listed, or what the error names when it names no class
 * @param cause         what went wrong, with the underlying exception
 */
public record ProviderFailure(String providerClass, String cause) {

    /** One line: {@code com.example.MyProvider (could not be instantiated: IllegalStateException: ...)}. */
    public String describe() {
        return providerClass + " (" + cause + ")";
    }
}
