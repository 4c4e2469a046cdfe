package com.example.jrnn.arrays;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.GoldenParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the array backend matches PyTorch on jrnn's golden cases")
class ArrayGoldenParityTest extends GoldenParityKit {
    @Override
    protected Backend backend() {
        return new ArrayBackend();
    }
}
