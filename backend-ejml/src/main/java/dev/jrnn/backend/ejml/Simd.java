package dev.jrnn.backend.ejml;

import java.lang.System.Logger.Level;

/**
 * Chooses between the Vector API GEMM and EJML's, once per JVM. The vector kernels are
 * compiled separately against {@code jdk.incubator.vector} and loaded by name only when the boot
 * layer holds that module (the JVM ran with {@code --add-modules jdk.incubator.vector}) and the
 * system property {@value #PROPERTY} is not {@code false}; otherwise, or if loading fails, EJML's
 * GEMM runs. The choice is logged once. The gate math chooses its own path in
 * {@link dev.jrnn.kernels.VectorSupport} (property {@code jrnn.kernels.vector}).
 */
final class Simd {
    /** System property that turns the vector kernels off when {@code false}. */
    static final String PROPERTY = "jrnn.ejml.vector";
    private static final String MODULE = "jdk.incubator.vector";
    private static final String IMPLEMENTATION = "dev.jrnn.backend.ejml.VectorOpsImpl";

    /** The vector kernels, or null on the scalar path. */
    static final VectorOps OPS = load();

    private Simd() {
    }

    private static VectorOps load() {
        System.Logger log = System.getLogger(Simd.class.getName());
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            log.log(Level.INFO, "jrnn EJML backend: scalar kernels ({0}=false)", PROPERTY);
            return null;
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            log.log(Level.INFO, "jrnn EJML backend: scalar kernels (run with --add-modules {0} for the vector ones)",
                    MODULE);
            return null;
        }
        try {
            VectorOps ops = (VectorOps) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
            log.log(Level.INFO, "jrnn EJML backend: Vector API kernels ({0})", ops);
            return ops;
        } catch (ReflectiveOperationException | LinkageError e) {
            log.log(Level.INFO, "jrnn EJML backend: scalar kernels, the vector ones failed to load: " + e);
            return null;
        }
    }
}
