package com.example.jrnn.arrays;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.conformance.BackendCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the array backend passes jrnn's op conformance kit")
class ArrayCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return new ArrayBackend();
    }
}
