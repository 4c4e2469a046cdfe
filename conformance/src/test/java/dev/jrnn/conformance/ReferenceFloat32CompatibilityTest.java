package dev.jrnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second kit subclass in this module, using every hook: it declares the reference backend
 * float32-only at a looser tolerance and opts out of two families. Its tests report under its own
 * name (next to {@link ReferenceCompatibilityTest}'s), and what it leaves out as skipped.
 */
@DisplayName("the reference backend, declared float32-only, passes the conformance kit")
class ReferenceFloat32CompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }

    @Override
    protected Set<DType> supportedDtypes() {
        return Set.of(DType.FLOAT32);
    }

    @Override
    protected double tolerance(DType dtype) {
        return 1e-4;
    }

    @Override
    protected Map<OpFamily, String> skipped() {
        return Map.of(OpFamily.LEAKS, "run once, by ReferenceCompatibilityTest",
                OpFamily.CONCURRENCY, "run once, by ReferenceCompatibilityTest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("a test of the backend's own runs beside the kit's, in the dtypes the backend supports")
    void ownTest(DType dtype) {
        assertEquals(DType.FLOAT32, dtype, "only float32 reaches a float32-only backend's tests");
        assertEquals(dtype, subject().zeros(Shape.of(2), dtype).dtype(), "dtype of zeros");
    }
}
