package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.GoldenParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the EJML backend matches PyTorch on the golden cases")
class EjmlGoldenParityTest extends GoldenParityKit {
    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
