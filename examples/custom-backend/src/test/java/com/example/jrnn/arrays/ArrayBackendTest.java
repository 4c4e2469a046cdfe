package com.example.jrnn.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Backends;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the array backend")
class ArrayBackendTest {

    @Test
    @DisplayName("is discovered through META-INF/services by its name, built for this jrnn-api")
    void discoveredByName() {
        assertInstanceOf(ArrayBackend.class, Backends.get(ArrayBackend.NAME));
        assertNull(ApiVersion.mismatch(new ArrayBackendProvider()));
    }

    @Test
    @DisplayName("stores float32 as floats: values are rounded, and the memory counter sees 4 bytes each")
    void float32IsStoredAsFloats() {
        ArrayBackend be = new ArrayBackend();
        try (Tensor t = be.fromArray(new double[] {0.1, 1.0 / 3}, Shape.of(2), DType.FLOAT32)) {
            assertArrayEquals(new double[] {(float) 0.1, (float) (1.0 / 3)}, t.toDoubleArray());
            assertEquals(8, be.memory().liveBytes());
        }
        assertEquals(0, be.memory().liveBytes());
    }

    @Test
    @DisplayName("rejects a closed tensor and another backend's tensor with the messages of Checks")
    void validatesWithChecks() {
        ArrayBackend be = new ArrayBackend();
        Tensor closed = be.zeros(Shape.of(2), DType.FLOAT64);
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> be.exp(closed));
        assertTrue(e.getMessage().contains("exp: x FLOAT64[2] was used after close()"), e.getMessage());
        Tensor foreign = new ArrayBackend().zeros(Shape.of(2), DType.FLOAT64);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> be.exp(foreign));
        assertTrue(f.getMessage().contains("belongs to backend 'arrays'"), f.getMessage());
    }
}
