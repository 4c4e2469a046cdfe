package dev.jrnn.backend.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cheap facts about this machine and classpath, read without loading native code: the JavaCPP
 * platform name, whether ND4J's native jar for it is present, and the CPU's SIMD flags.
 */
final class Nd4jPlatform {
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String[] EXTENSIONS = {"-avx512", "-avx2", ""};

    private Nd4jPlatform() {
    }

    /** JavaCPP's name for this platform, for example {@code linux-x86_64} or {@code macosx-arm64}. */
    static String name() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String a = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return o + "-" + a;
    }

    /** The classifier of the ND4J native jar found on the classpath for this platform, or null. */
    static String nativeClassifier() {
        ClassLoader loader = Nd4jPlatform.class.getClassLoader();
        String lib = System.mapLibraryName("jnind4jcpu");
        for (String ext : EXTENSIONS) {
            String classifier = name() + ext;
            if (loader.getResource(BINDINGS + classifier + "/" + lib) != null) {
                return classifier;
            }
        }
        return null;
    }

    /** Whether ND4J's Java classes are on the classpath (checked without initialising them). */
    static boolean hasNd4jClasses() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, Nd4jPlatform.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The CPU feature flags from {@code /proc/cpuinfo} (Linux), or an empty set. */
    static Set<String> cpuFlags() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Set.of();
        }
        try (var lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * The fastest OpenBLAS 0.3.19 core type for this CPU: {@code SkylakeX} with AVX-512 F/BW/DQ/VL,
     * {@code Haswell} with AVX2 and FMA, else null (leave OpenBLAS's own detection).
     */
    static String bestCoreType(Set<String> flags) {
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) {
            return "SkylakeX";
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return "Haswell";
        }
        return null;
    }

    /** The flags relevant to the choice, for messages. */
    static String describeFlags(Set<String> flags) {
        return flags.stream().filter(f -> f.startsWith("avx")).sorted().collect(Collectors.joining(" "));
    }
}
