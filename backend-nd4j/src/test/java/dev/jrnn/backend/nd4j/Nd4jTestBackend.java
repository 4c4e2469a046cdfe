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
}
