package com.example.jrnn.counting;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.BackendCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the counting backend passes jrnn's backend conformance kit")
class CountingCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return new CountingBackend();
    }
}
