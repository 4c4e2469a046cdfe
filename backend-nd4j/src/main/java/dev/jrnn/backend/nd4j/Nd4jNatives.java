package dev.jrnn.backend.nd4j;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's natives once, after tuning the settings that OpenBLAS and libgomp read only when
 * they load: {@code OPENBLAS_CORETYPE} (bytedeco's OpenBLAS 0.3.19 does not know recent CPUs and
 * falls back to slow SSE kernels, and AVX2 kernels run at about half the AVX-512 speed),
 * {@code OMP_WAIT_POLICY} (spinning OpenMP threads starve the BLAS threads on small machines) and
 * {@code OPENBLAS_THREAD_TIMEOUT} (after each call OpenBLAS's threads keep polling for work for
 * 2^28 cycles, taking a core's share from the time loops that follow). Java cannot change its own
 * environment, so the C library's {@code setenv} is called through JNA before the natives load.
 * Each is {@code auto} (the best core type when unset or Haswell on an AVX-512 CPU; passive when
 * unset; 4 when unset), {@code keep}, or a value, by {@link Nd4jSettings}.
 *
 * <p>JavaCPP (under ND4J and oneDNN) by default reads the process's resident size from
 * {@code /proc/self/statm} at every native allocation, to call {@code System.gc()} when it passes
 * {@code maxPhysicalBytes}, and ND4J allocates shape descriptors for every op, which made small
 * ops slower. jrnn frees its tensors through {@code TensorScope}, and JavaCPP's own count of its
 * allocations ({@code maxBytes}) still applies, so the backend sets
 * {@code org.bytedeco.javacpp.maxPhysicalBytes=0} (no resident-size check) when neither spelling of
 * that property is set, unless {@link Nd4jSettings#keepPhysicalBytesCheck()}. Like the
 * environment, this works only if JavaCPP has not loaded yet.
 */
final class Nd4jNatives {
    private static final String JAVACPP_PHYSICAL = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static final String CHECK_OFF = "resident-size check turned off";
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jNatives.class);
    private static String summary;

    private Nd4jNatives() {
    }

    /**
     * Loads the natives (once), tuned by the {@code settings} of the first backend, and returns a
     * one-line description of what runs.
     */
    static synchronized String load(Nd4jSettings settings) {
        if (summary == null) {
            String coreType = tune("OPENBLAS_CORETYPE", settings.openblasCoretype(), Nd4jNatives::autoCoreType);
            String waitPolicy = tune("OMP_WAIT_POLICY", settings.ompWaitPolicy(),
                    current -> current == null ? "passive" : null);
            String threadTimeout = tune("OPENBLAS_THREAD_TIMEOUT", settings.openblasThreadTimeout(),
                    current -> current == null ? "4" : null);
            String physical = physicalBytesCheck(settings.keepPhysicalBytesCheck());
            Nd4j.create(DataType.FLOAT, 1).close();
            String actual = openBlasCore();
            summary = "ND4J " + Nd4jPlatform.nativeClassifier() + ", OpenBLAS core " + actual + " (OPENBLAS_CORETYPE "
                    + coreType + "), OMP_WAIT_POLICY " + waitPolicy + ", OPENBLAS_THREAD_TIMEOUT " + threadTimeout + ", threads "
                    + Nd4j.getEnvironment().maxThreads() + ", float32 GEMM " + OneDnnSgemm.describe(settings.oneDnnSgemm())
                    + ", JavaCPP maxPhysicalBytes " + Pointer.maxPhysicalBytes() + " (" + physical + ")";
            if (physical.equals(CHECK_OFF) && Pointer.maxPhysicalBytes() != 0) {
                LOG.info("nd4j backend: JavaCPP had loaded before the backend and keeps its resident-size check; "
                        + "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 turns it off (faster small ops)");
            }
            LOG.info("nd4j backend: {}", summary);
            String best = Nd4jPlatform.bestCoreType(Nd4jPlatform.cpuFlags());
            if (best != null && !best.equalsIgnoreCase(actual) && !"unknown".equals(actual) && "SkylakeX".equals(best)) {
                LOG.warn("nd4j backend: OpenBLAS runs {} kernels on a CPU with AVX-512; set OPENBLAS_CORETYPE=SkylakeX "
                        + "in the environment (it must be set before ND4J first loads) for about 1.8x faster GEMMs", actual);
            }
        }
        return summary;
    }

    /** The summary of the first {@link #load}, or null before it. */
    static synchronized String summary() {
        return summary;
    }

    /**
     * Turns JavaCPP's resident-size check off unless {@code keep} or either spelling of JavaCPP's
     * property is set; returns what was done, for the summary line.
     */
    private static String physicalBytesCheck(boolean keep) {
        if (keep) {
            return "kept";
        }
        // JavaCPP's own property, checked just before it is set: the user's value wins
        String set = System.getProperty(JAVACPP_PHYSICAL, System.getProperty(JAVACPP_PHYSICAL.toLowerCase(Locale.ROOT)));
        if (set != null) {
            return "set by the user";
        }
        System.setProperty(JAVACPP_PHYSICAL, "0");
        return CHECK_OFF;
    }

    /**
     * Sets environment variable {@code name} by {@code mode} ({@code keep}, {@code auto} or a value),
     * looking at its value just before; returns the value in effect.
     */
    private static String tune(String name, String mode, java.util.function.UnaryOperator<String> auto) {
        String current = System.getenv(name);
        String wanted = switch (mode.toLowerCase(Locale.ROOT)) {
            case "keep" -> null;
            case "auto" -> auto.apply(current);
            default -> mode;
        };
        if (wanted == null || wanted.equals(current)) {
            return current == null ? "unset" : current;
        }
        if (setenv(name, wanted)) {
            LOG.info("nd4j backend: {}={} (was {})", name, wanted, current == null ? "unset" : current);
            return wanted;
        }
        return current == null ? "unset" : current;
    }

    private static String autoCoreType(String current) {
        String best = Nd4jPlatform.bestCoreType(Nd4jPlatform.cpuFlags());
        if (current == null) {
            return best;
        }
        return current.equalsIgnoreCase("Haswell") && "SkylakeX".equals(best) ? best : null;
    }

    /** The C library's setenv through JNA; false (with a log line) where that is not possible. */
    private static boolean setenv(String name, String value) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        try {
            Function f = NativeLibrary.getInstance("c").getFunction("setenv");
            return f.invokeInt(new Object[] {name, value, 1}) == 0;
        } catch (Throwable e) {
            LOG.info("nd4j backend: could not set {} ({}); set it in the environment", name, e.toString());
            return false;
        }
    }

    /** OpenBLAS's {@code openblas_get_corename()}, or "unknown". */
    private static String openBlasCore() {
        try {
            String jni = org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            File lib = new File(new File(jni).getParentFile(), System.mapLibraryName("openblas_nolapack"));
            Function f = NativeLibrary.getInstance(lib.getAbsolutePath()).getFunction("openblas_get_corename");
            return f.invokeString(new Object[0], false);
        } catch (Throwable e) {
            return "unknown";
        }
    }
}
