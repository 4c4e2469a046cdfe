package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.CostModel;
import java.util.Optional;

/**
 * Lists the {@link EjmlBackend} under the name {@code ejml}. Pure Java, so it is available on every
 * JVM; the native backends outrank it when they can run.
 */
public final class EjmlBackendProvider implements BackendProvider {
    /** ns per call in a small model's training step, and GFLOP/s of float32 products (n = 256-1024). */
    static final CostModel COST = new CostModel(32373, 52.9);

    /** The name users select this backend by. */
    public static final String NAME = "ejml";
    /** The embedded default: below native backends, above the reference oracle. */
    public static final int PRIORITY = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Availability.available("pure Java, EJML 0.43.1, " + Runtime.getRuntime().availableProcessors()
                + " cores for its concurrent kernels");
    }

    /** A new backend with the settings the system properties give now. */
    @Override
    public Backend create() {
        return new EjmlBackend(EjmlSettings.fromSystemProperties());
    }

    /**
     * EJML's measured costs: cheap calls (plain Java, no native crossing).
     * Measured by {@code dev.jrnn.benchmarks.BackendCosts} on a 2-core AVX2 machine (the figures and the command are on the benchmarks page); other machines differ, so
     * this is an estimate for choosing a backend, not a promise.
     */
    @Override
    public Optional<CostModel> costModel() {
        return Optional.of(COST);
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }
}
