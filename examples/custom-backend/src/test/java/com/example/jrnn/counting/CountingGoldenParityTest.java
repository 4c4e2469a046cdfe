package com.example.jrnn.counting;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.golden.GoldenParityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the counting backend matches PyTorch on jrnn's golden cases")
class CountingGoldenParityTest extends GoldenParityKit {
    @Override
    protected Backend backend() {
        return new CountingBackend();
    }
}
