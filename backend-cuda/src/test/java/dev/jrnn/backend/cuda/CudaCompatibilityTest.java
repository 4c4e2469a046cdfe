package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.BackendCompatibilityKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("the CUDA backend passes the backend conformance kit")
@ExtendWith(RequiresCuda.class)
class CudaCompatibilityTest extends BackendCompatibilityKit {

    @Override
    protected Backend backend() {
        return RequiresCuda.backend();
    }
}
