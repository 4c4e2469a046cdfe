package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.BackendCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the EJML backend passes the backend conformance kit")
class EjmlCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
