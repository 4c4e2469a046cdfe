package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.ClassificationParityKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("the CUDA backend runs softmax, cross-entropy and a classifier as the reference backend does")
@ExtendWith(RequiresCuda.class)
class CudaClassificationParityTest extends ClassificationParityKit {

    @Override
    protected Backend backend() {
        return RequiresCuda.backend();
    }
}
