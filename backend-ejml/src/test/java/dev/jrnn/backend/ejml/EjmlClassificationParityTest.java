package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.ClassificationParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the EJML backend runs softmax, cross-entropy and a classifier as the reference backend does")
class EjmlClassificationParityTest extends ClassificationParityKit {
    @Override
    protected Backend backend() {
        return new EjmlBackend();
    }
}
