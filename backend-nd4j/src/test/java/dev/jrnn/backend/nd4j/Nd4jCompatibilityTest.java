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

    /** The pool keeps up to 256 MB of freed buffers for reuse; empty it before the leak check measures. */
    @Override
    protected void releaseCaches() {
        Nd4jPool.clear();
    }
}
