package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the kit's suites, which are interfaces of default test methods so that one test class
 * (a {@link BackendCompatibilityKit} subclass) holds every test and reports under its own name.
 * Gives the backend under test, the reference oracle, comparisons at the backend's tolerance, and a
 * {@link dev.jrnn.api.TensorScope} around every test so that the tensors a test makes are freed
 * when it ends. {@link KitGate} skips what the backend opts out of.
 */
@ExtendWith(KitGate.class)
public interface KitSuite {
    /** Seed of every test's inputs, so a failure reproduces. */
    long SEED = 20240611L;

    /** The backend under test and its declarations. */
    KitContext kit();

    /** The backend under test. */
    default Backend subject() {
        return kit().subject();
    }

    /** The reference backend the results are compared with. */
    default ReferenceBackend oracle() {
        return kit().oracle();
    }

    /** Fresh seeded inputs of {@code dtype} on both backends. */
    default Operands operands(DType dtype) {
        return new Operands(subject(), oracle(), dtype, SEED);
    }

    /** Skips the current test, with the reason, when the backend does not support {@code dtype}. */
    default void assumeSupported(DType dtype) {
        Assumptions.assumeTrue(kit().dtypes().contains(dtype),
                () -> dtype + " is not among the backend's supportedDtypes() " + kit().dtypes());
    }

    /** {@link KitAssertions#assertClose(String, Tensor, Tensor, double)} at the backend's tolerance. */
    default void assertClose(String what, Tensor expected, Tensor actual) {
        KitAssertions.assertClose(what, expected, actual, kit().tolerance(expected.dtype()));
    }

    /** Pairwise {@link #assertClose} of two lists, naming each part. */
    default void assertAllClose(String what, List<String> names, List<Tensor> expected, List<Tensor> actual) {
        if (expected.size() != actual.size()) {
            throw new AssertionError(what + ": expected " + expected.size() + " tensors, got " + actual.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            assertClose(what + " " + names.get(i), expected.get(i), actual.get(i));
        }
    }

    @BeforeEach
    default void openTestScope() {
        kit().openScope();
    }

    @AfterEach
    default void closeTestScope() {
        kit().closeScope();
    }
}
