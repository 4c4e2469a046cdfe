package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the kit's suites share for one backend under test: the backend, the reference oracle it is
 * compared with, and the backend's declarations (the dtypes it supports, its relative tolerance per
 * dtype, the families it opts out of with a reason). {@link BackendCompatibilityKit} makes one per
 * kit class from its hooks.
 */
public final class KitContext {
    private final Backend subject;
    private final ReferenceBackend oracle = new ReferenceBackend();
    private final Set<DType> dtypes;
    private final Map<DType, Double> tolerances;
    private final Map<OpFamily, String> skipped;
    private final Runnable releaseCaches;
    private final ThreadLocal<TensorScope> scope = new ThreadLocal<>();

    /**
     * @param subject    the backend under test
     * @param dtypes     the dtypes it supports (at least one); tests of the others are skipped
     * @param tolerances the relative tolerance of each supported dtype, finite and non-negative
     * @param skipped    families it opts out of, each with the reason shown on its skipped tests
     * @param releaseCaches frees the memory of closed tensors the backend keeps for reuse, before
     *                   the leak check measures
     * @throws IllegalArgumentException if a declaration is empty, missing or blank
     */
    public KitContext(Backend subject, Set<DType> dtypes, Map<DType, Double> tolerances, Map<OpFamily, String> skipped,
                      Runnable releaseCaches) {
        this.subject = Objects.requireNonNull(subject, "the kit's backend() returned null");
        if (dtypes == null || dtypes.isEmpty()) {
            throw new IllegalArgumentException("supportedDtypes() must name at least one dtype, got " + dtypes);
        }
        this.dtypes = Collections.unmodifiableSet(EnumSet.copyOf(dtypes));
        Map<DType, Double> tol = new EnumMap<>(DType.class);
        for (DType d : this.dtypes) {
            Double t = tolerances.get(d);
            if (t == null || !(t >= 0.0) || t.isInfinite()) {
                throw new IllegalArgumentException("tolerance(" + d + ") must be finite and non-negative, got " + t);
            }
            tol.put(d, t);
        }
        this.tolerances = Collections.unmodifiableMap(tol);
        Map<OpFamily, String> skip = new EnumMap<>(OpFamily.class);
        skipped.forEach((family, reason) -> {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("skipped(): family " + family + " needs a reason");
            }
            skip.put(family, reason);
        });
        this.skipped = Collections.unmodifiableMap(skip);
        this.releaseCaches = Objects.requireNonNull(releaseCaches, "releaseCaches");
    }

    /** The backend under test. */
    public Backend subject() {
        return subject;
    }

    /** The reference backend results are compared with. */
    public ReferenceBackend oracle() {
        return oracle;
    }

    /** The dtypes the backend supports. */
    public Set<DType> dtypes() {
        return dtypes;
    }

    /** The relative tolerance of {@code dtype} (see {@link KitAssertions}). */
    public double tolerance(DType dtype) {
        Double t = tolerances.get(dtype);
        if (t == null) {
            throw new IllegalArgumentException(dtype + " is not among the backend's supported dtypes " + dtypes);
        }
        return t;
    }

    /** The families the backend opts out of, with the reasons. */
    public Map<OpFamily, String> skipped() {
        return skipped;
    }

    /** Frees the memory of closed tensors the backend keeps for reuse. */
    public void releaseCaches() {
        releaseCaches.run();
    }

    /** Opens the scope that frees what the current test makes on this thread. */
    void openScope() {
        scope.set(TensorScope.open());
    }

    /** Closes the scope {@link #openScope()} opened on this thread. */
    void closeScope() {
        TensorScope s = scope.get();
        scope.remove();
        if (s != null) {
            s.close();
        }
    }
}
