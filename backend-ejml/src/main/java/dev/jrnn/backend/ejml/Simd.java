package dev.jrnn.backend.ejml;

import dev.jrnn.kernels.CpuSettings;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vector API GEMM kernels, loaded once per JVM. They are compiled separately against
 * {@code jdk.incubator.vector} and loaded by name only when the boot layer holds that module (the
 * JVM ran with {@code --add-modules jdk.incubator.vector}), so the jar runs on any Java 17 JVM.
 * A backend asks for them when its {@link CpuSettings#vector()} allows; each distinct choice is
 * logged once.
 */
final class Simd {
    private static final String MODULE = "jdk.incubator.vector";
    private static final String IMPLEMENTATION = "dev.jrnn.backend.ejml.VectorOpsImpl";
    private static final System.Logger LOG = System.getLogger(Simd.class.getName());
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Simd() {
    }

    /** The vector kernels where {@code wanted} and loaded, else null (EJML's GEMM). */
    static VectorOps ops(boolean wanted) {
        VectorOps ops = wanted ? Loaded.OPS : null;
        String why;
        if (!wanted) {
            why = "scalar kernels (" + CpuSettings.VECTOR + "=false)";
        } else if (ops == null) {
            why = Loaded.failure != null ? "scalar kernels, the vector ones failed to load: " + Loaded.failure
                    : "scalar kernels (run with --add-modules " + MODULE + " for the vector ones)";
        } else {
            why = "Vector API kernels (" + ops + ")";
        }
        if (LOGGED.add(why)) {
            LOG.log(Level.INFO, "jrnn EJML backend: " + why);
        }
        return ops;
    }

    /** Loads the kernels on first use. */
    private static final class Loaded {
        static String failure;
        static final VectorOps OPS = load();

        private static VectorOps load() {
            if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                return null;
            }
            try {
                return (VectorOps) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                failure = e.toString();
                return null;
            }
        }
    }
}
