package dev.jrnn.conformance;

import dev.jrnn.api.backend.Backend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The backend conformance kit: subclass it in a backend's tests and every op family runs against
 * that backend, in FLOAT32 and FLOAT64, compared with the {@link dev.jrnn.api.reference.ReferenceBackend}.
 *
 * <pre>{@code
 * class EjmlCompatibilityTest extends BackendCompatibilityKit {
 *     protected Backend backend() { return new EjmlBackend(); }
 * }
 * }</pre>
 *
 * <p>{@link #backend()} is called once per concrete kit class; every test shares that instance.
 * Each op family is a {@link Nested} suite; the suites are also public, so a backend may run one
 * family alone by extending it.
 */
public abstract class BackendCompatibilityKit {
    private static final Map<Class<?>, Backend> BACKENDS = new ConcurrentHashMap<>();

    /** Creates the backend under test. */
    protected abstract Backend backend();

    /** The backend under test, created on first use by this kit class. */
    private Backend subject() {
        return BACKENDS.computeIfAbsent(getClass(), k -> backend());
    }

    @Nested
    @DisplayName("creation and transfer")
    class Creation extends CreationSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("elementwise unary and binary ops with broadcasting")
    class Elementwise extends ElementwiseSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("reductions and movement")
    class Movement extends MovementSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("matrix products and linear layers")
    class Matmul extends MatmulSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("fused recurrent steps")
    class Steps extends StepSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("whole-sequence recurrent kernels")
    class Sequences extends SequenceSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("validation of bad input")
    class Validation extends ValidationSuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }

    @Nested
    @DisplayName("memory, scopes and closed tensors")
    class Memory extends MemorySuite {
        @Override
        protected Backend backend() {
            return subject();
        }
    }
}
