package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.GoldenParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nd4j backend matches PyTorch on the golden cases")
class Nd4jGoldenParityTest extends GoldenParityKit {
    @Override
    protected Backend backend() {
        return Nd4jTestBackend.get();
    }
}
