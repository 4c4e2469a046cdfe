package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend conformance kit: subclass it in a backend's tests and every op family runs against
 * that backend, in each dtype it supports, compared with the {@link dev.jrnn.api.reference.ReferenceBackend}.
 *
 * <pre>{@code
 * class EjmlCompatibilityTest extends BackendCompatibilityKit {
 *     protected Backend backend() { return new EjmlBackend(); }
 * }
 * }</pre>
 *
 * <p>Every suite ({@link OpFamily}) is an interface of default test methods, so all the tests run
 * in, and are reported under, the subclass: two kit subclasses in one module never share a report.
 * Hooks a backend may override, answered once per kit class: {@link #supportedDtypes()},
 * {@link #tolerance(DType)} and {@link #skipped()}; what a backend leaves out is reported as skipped
 * with the reason. {@link #releaseCaches()} lets the leak check tell a pool from a leak.
 * {@link #backend()} is also called once per kit class; every test shares that instance.
 */
public abstract class BackendCompatibilityKit implements CreationSuite, ElementwiseSuite, EdgeValueSuite,
        MovementSuite, MatmulSuite, StepSuite, SequenceSuite, SmallShapeSuite, OwnershipSuite, ValidationSuite,
        MemorySuite, LeakSuite, ConcurrencySuite, ProviderSuite {
    private static final Map<Class<?>, KitContext> CONTEXTS = new ConcurrentHashMap<>();

    /** Creates the backend under test. */
    protected abstract Backend backend();

    /** The dtypes the backend supports; tests of the others are skipped. Default: all. */
    protected Set<DType> supportedDtypes() {
        return EnumSet.allOf(DType.class);
    }

    /**
     * The relative tolerance of results of {@code dtype} against the reference (see
     * {@link KitAssertions}). Default: {@link KitAssertions#relativeTolerance(DType)}, 1e-12 for
     * FLOAT64 and 1e-5 for FLOAT32.
     */
    protected double tolerance(DType dtype) {
        return KitAssertions.relativeTolerance(dtype);
    }

    /**
     * The families the backend opts out of, each with the reason its tests are reported skipped
     * with (for example {@code Map.of(OpFamily.PROVIDER, "a test double, not registered")}).
     * Default: none.
     */
    protected Map<OpFamily, String> skipped() {
        return Map.of();
    }

    /**
     * Frees the memory of closed tensors the backend keeps for reuse (a pool of buffers), so that
     * the leak check ({@link LeakSuite}), which calls it before each measurement, does not take a
     * cache for a leak. Default: nothing to free.
     */
    protected void releaseCaches() {
    }

    /** The backend and its declarations, made on first use by this kit class. */
    @Override
    public final KitContext kit() {
        return CONTEXTS.computeIfAbsent(getClass(), k -> {
            Set<DType> dtypes = supportedDtypes();
            Map<DType, Double> tolerances = new EnumMap<>(DType.class);
            for (DType d : dtypes == null ? Set.<DType>of() : dtypes) {
                tolerances.put(d, tolerance(d));
            }
            return new KitContext(backend(), dtypes, tolerances, skipped(), this::releaseCaches);
        });
    }
}
