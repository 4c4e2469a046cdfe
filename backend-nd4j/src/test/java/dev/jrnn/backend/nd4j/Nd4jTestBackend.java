package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.Backend;
import java.util.HashMap;
import java.util.Map;

/** The backend under test, created once through its provider as users get it. */
final class Nd4jTestBackend {
    private static Backend backend;

    private Nd4jTestBackend() {
    }

    static synchronized Backend get() {
        if (backend == null) {
            backend = new Nd4jBackendProvider().create();
        }
        return backend;
    }

    /** {@link #get()} as the class it is, for tests of its parts. */
    static Nd4jBackend nd4j() {
        return (Nd4jBackend) get();
    }

    /** A GEMM of the shared backend for arrays of {@code type}. */
    static Gemm gemm(org.nd4j.linalg.api.buffer.DataType type) {
        return nd4j().gemm(type);
    }

    /**
     * A new backend created through the provider while system property {@code name} is {@code value};
     * the property is restored afterwards (a backend reads its settings when it is created).
     */
    static Backend createWith(String name, String value) {
        return createWith(Map.of(name, value));
    }

    /** A new backend created while the system properties are {@code values}; each is restored afterwards. */
    static Backend createWith(Map<String, String> values) {
        Map<String, String> previous = new HashMap<>();
        values.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        try {
            return new Nd4jBackendProvider().create();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
