package dev.jrnn.conformance.golden;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the reference backend matches PyTorch on every golden case")
class ReferenceGoldenParityTest extends GoldenParityKit {
    private final Backend backend = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return backend;
    }
}
