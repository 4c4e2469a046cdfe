package dev.jrnn.backend.nd4j;

import dev.jrnn.api.backend.ApiVersion;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.CostModel;
import java.util.Optional;

/**
 * Lists the {@link Nd4jBackend} as {@code nd4j}, above the pure-Java backend. Availability looks
 * only at the classpath and the platform; the natives load in {@link #create()}.
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** ns per call in a small model's training step, and GFLOP/s of float32 products (n = 256-1024). */
    static final CostModel COST = new CostModel(64459, 65.0);

    /** Above EJML's 100: preferred when its natives are present. */
    public static final int PRIORITY = 200;

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        try {
            if (!Nd4jPlatform.hasNd4jClasses()) {
                return Availability.unavailable("ND4J is not on the classpath: add org.nd4j:nd4j-native");
            }
            String classifier = Nd4jPlatform.nativeClassifier();
            if (classifier == null) {
                return Availability.unavailable("no ND4J native library for " + Nd4jPlatform.name()
                        + " on the classpath: add org.nd4j:nd4j-native with classifier " + Nd4jPlatform.name());
            }
            return Availability.available("ND4J natives for " + classifier + " (loaded on first use)");
        } catch (Throwable e) {
            return Availability.unavailable("ND4J could not be checked: " + e);
        }
    }

    /**
     * Reads the settings from the system properties, loads ND4J's natives (the first time) and
     * creates the backend; a failure to load names its cause.
     *
     * @throws IllegalArgumentException if a {@code jrnn.nd4j.*} property has a value the backend does not know
     */
    @Override
    public Backend create() {
        Nd4jSettings settings = Nd4jSettings.fromSystemProperties();
        try {
            Nd4jNatives.load(settings);
        } catch (Throwable e) {
            throw new IllegalStateException("nd4j backend: ND4J's native libraries could not be loaded on "
                    + Nd4jPlatform.name() + ": " + e, e);
        }
        return new Nd4jBackend(settings);
    }

    /**
     * ND4J's measured costs: dear calls (JNI, op contexts, native buffers) and a faster GEMM.
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
