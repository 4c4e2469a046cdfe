package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.Backend;

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
        String previous = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return new Nd4jBackendProvider().create();
        } finally {
            if (previous == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, previous);
            }
        }
    }
}
