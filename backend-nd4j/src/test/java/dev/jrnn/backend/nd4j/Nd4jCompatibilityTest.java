package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.BackendCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nd4j backend passes the backend conformance kit")
class Nd4jCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return Nd4jTestBackend.get();
    }
}
