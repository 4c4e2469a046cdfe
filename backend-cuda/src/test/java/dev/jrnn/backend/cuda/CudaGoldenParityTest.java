package dev.jrnn.backend.cuda;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.GoldenParityKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("the CUDA backend matches PyTorch on the golden cases")
@ExtendWith(RequiresCuda.class)
class CudaGoldenParityTest extends GoldenParityKit {

    @Override
    protected Backend backend() {
        return RequiresCuda.backend();
    }
}
