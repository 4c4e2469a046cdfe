package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the kit's suites: the backend under test, the reference oracle, and a {@link TensorScope}
 * around every test so that the tensors a test makes are freed when it ends.
 */
public abstract class KitSuite {
    /** Seed of every test's inputs, so a failure reproduces. */
    public static final long SEED = 20240611L;

    private final ReferenceBackend oracle = new ReferenceBackend();
    private TensorScope scope;

    /** The backend under test. */
    protected abstract Backend backend();

    /** The reference backend the results are compared with. */
    protected final ReferenceBackend oracle() {
        return oracle;
    }

    /** Fresh seeded inputs of {@code dtype} on both backends. */
    protected final Operands operands(DType dtype) {
        return new Operands(backend(), oracle, dtype, SEED);
    }

    @BeforeEach
    public final void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    public final void closeScope() {
        scope.close();
    }
}
