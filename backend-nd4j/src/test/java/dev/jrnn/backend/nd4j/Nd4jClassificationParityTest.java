package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.ClassificationParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the nd4j backend runs softmax, cross-entropy and a classifier as the reference backend does")
class Nd4jClassificationParityTest extends ClassificationParityKit {
    @Override
    protected Backend backend() {
        return Nd4jTestBackend.get();
    }
}
