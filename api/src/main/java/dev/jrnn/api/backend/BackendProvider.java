package dev.jrnn.api.backend;

import java.util.Optional;

/**
 * Service-provider interface through which {@link Backends} discovers a backend. Register an
 * implementation in {@code META-INF/services/dev.jrnn.api.backend.BackendProvider}.
 *
 * <p>Listing must be cheap and safe: {@link #availability()} never throws and never loads native
 * code just to be listed; native libraries load in {@link #create()}.
 */
public interface BackendProvider {

    /** Short id users select the backend by, for example {@code ejml}, {@code nd4j}, {@code cuda}. */
    String name();

    /** Higher wins when no backend is named; ties are broken by name. */
    int priority();

    /** Whether the backend can run on this machine, with the reason. Never throws. */
    Availability availability();

    /** Creates the backend, loading native code if needed. */
    Backend create();

    /**
     * What this backend's calls cost on this kind of machine, measured: with it,
     * {@link Backends#select(String, Workload)} compares the estimated time of a model's pass
     * ({@code ops * nanosPerOp + flops / gflops}) instead of going by priority alone. The default,
     * for providers that declare none, is empty: such a backend is chosen by priority as before.
     * Must be cheap and never load native code.
     */
    default Optional<CostModel> costModel() {
        return Optional.empty();
    }

    /**
     * The jrnn-api version this provider was compiled against. Override it as
     * {@code return ApiVersion.CURRENT;}: the constant is copied into the provider's class when it
     * is compiled, so {@link Backends} can tell a provider built for an incompatible api (see
     * {@link ApiVersion}) and list it as unavailable, naming both versions, instead of creating it.
     * The default, for providers that do not declare one, is the running api's version.
     */
    default String apiVersion() {
        return ApiVersion.CURRENT;
    }
}
