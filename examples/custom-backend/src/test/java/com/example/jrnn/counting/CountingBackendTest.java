package com.example.jrnn.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the counting backend")
class CountingBackendTest {

    @Test
    @DisplayName("is discovered through META-INF/services by its name and never chosen unnamed over a real backend")
    void discoveredByName() {
        assertInstanceOf(CountingBackend.class, Backends.get(CountingBackend.NAME));
        BackendProvider real = new BackendProvider() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public Availability availability() {
                return Availability.available("a stand-in for a real backend");
            }

            @Override
            public Backend create() {
                return new ReferenceBackend();
            }
        };
        Backends found = Backends.of(List.of(new CountingBackendProvider(), real), key -> null, key -> null);
        assertEquals("plain", found.resolve(null).provider().name());
        assertEquals(CountingBackend.NAME, found.resolve(CountingBackend.NAME).provider().name());
    }

    @Test
    @DisplayName("counts each primitive once per call, a composite op by the primitives it is made of")
    void countsPrimitives() {
        CountingBackend be = new CountingBackend();
        Tensor x = be.fromArray(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3), DType.FLOAT64);
        Tensor w = be.fromArray(new double[] {1, 0, 0, 0, 1, 0}, Shape.of(2, 3), DType.FLOAT64);
        be.reset();
        Tensor y = be.linear(x, w, null);
        assertEquals(1, be.count("matmul"));
        assertEquals(be.total(), be.counts().values().stream().mapToLong(Long::longValue).sum());
        Tensor s = be.tanh(be.add(y, y));
        assertEquals(1, be.count("unary.TANH"));
        assertEquals(1, be.count("binary.ADD"));
        assertNotEquals(0.0, s.toDoubleArray()[0]);
        be.reset();
        assertEquals(0, be.total());
    }
}
