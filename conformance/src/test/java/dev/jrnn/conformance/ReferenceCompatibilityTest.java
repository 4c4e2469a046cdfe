package dev.jrnn.conformance;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import org.junit.jupiter.api.DisplayName;

/** The oracle passes its own kit (a second instance, so cross-backend checks still apply). */
@DisplayName("the reference backend passes the conformance kit")
class ReferenceCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
