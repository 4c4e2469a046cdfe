package dev.jrnn.kernels;

import java.lang.System.Logger.Level;

/**
 * Chooses the FLOAT32 kernels once per JVM. The Vector API ones are compiled separately against
 * {@code jdk.incubator.vector} and loaded by name only when the boot layer holds that module (the
 * JVM ran with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@value #PROPERTY} is not {@code false}; otherwise, or if loading fails, the scalar kernels run.
 * The choice is logged once.
 */
public final class VectorSupport {
    /** System property that turns the vector kernels off when {@code false}. */
    public static final String PROPERTY = "jrnn.kernels.vector";
    private static final String MODULE = "jdk.incubator.vector";
    private static final String IMPLEMENTATION = "dev.jrnn.kernels.VectorFloatGates";

    private static final FloatGates VECTOR = load();
    static final FloatGates FLOATS = VECTOR != null ? VECTOR : new ScalarFloatGates();

    private VectorSupport() {
    }

    /** Whether the FLOAT32 kernels run on the Vector API. */
    public static boolean enabled() {
        return VECTOR != null;
    }

    /** The FLOAT32 kernels in use, in words (for logs and diagnostics). */
    public static String describe() {
        return FLOATS.toString();
    }

    /** The Vector API kernels when the module is present, else null (ignores {@value #PROPERTY}). */
    static FloatGates vector() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return null;
        }
        try {
            return (FloatGates) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static FloatGates load() {
        System.Logger log = System.getLogger(VectorSupport.class.getName());
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            log.log(Level.INFO, "jrnn cpu kernels: scalar ({0}=false)", PROPERTY);
            return null;
        }
        FloatGates ops = vector();
        if (ops == null) {
            log.log(Level.INFO, "jrnn cpu kernels: scalar (run with --add-modules {0} for the vector ones)", MODULE);
        } else {
            log.log(Level.INFO, "jrnn cpu kernels: {0}", ops);
        }
        return ops;
    }
}
