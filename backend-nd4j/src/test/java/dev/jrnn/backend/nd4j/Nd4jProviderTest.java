package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the nd4j provider")
class Nd4jProviderTest {

    @Test
    @DisplayName("is registered as a service named nd4j with priority 200, above EJML")
    void isRegistered() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("nd4j"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provider named nd4j"));
        assertEquals(200, found.priority());
        assertTrue(found.priority() > 100);
    }

    @Test
    @DisplayName("reports available here with the native classifier it found, and its backend is named nd4j")
    void isAvailableHere() {
        Nd4jBackendProvider provider = new Nd4jBackendProvider();
        Availability a = provider.availability();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().contains(Nd4jPlatform.name()), a.reason());
        assertEquals("nd4j", Nd4jTestBackend.get().name());
    }

    @Test
    @DisplayName("sets OPENBLAS_THREAD_TIMEOUT to 4 before the natives load, unless the environment sets it")
    void openBlasThreadsSleepRightAway() {
        Nd4jTestBackend.get();
        // System.getenv keeps the environment the JVM started with; the C library's is the one OpenBLAS read
        String atStart = System.getenv("OPENBLAS_THREAD_TIMEOUT");
        String expected = atStart == null ? "4" : atStart;
        assumeTrue(!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"),
                "the environment is left alone on Windows");
        String now = com.sun.jna.NativeLibrary.getInstance("c").getFunction("getenv")
                .invokeString(new Object[] {"OPENBLAS_THREAD_TIMEOUT"}, false);
        assertEquals(expected, now, "OPENBLAS_THREAD_TIMEOUT in the process environment");
        assertTrue(Nd4jNatives.summary().contains("OPENBLAS_THREAD_TIMEOUT " + expected), Nd4jNatives.summary());
    }

    @Test
    @DisplayName("turns JavaCPP's resident-size check off before the natives load, unless the user set it")
    void javacppResidentSizeCheckOff() {
        Nd4jTestBackend.get();
        boolean userSet = System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") != null
                && !Nd4jNatives.summary().contains("turned off");
        assumeTrue(!userSet && !"keep".equals(System.getProperty(Nd4jSettings.JAVACPP_PHYSICAL_BYTES)),
                "the user chose JavaCPP's setting");
        assertEquals(0, org.bytedeco.javacpp.Pointer.maxPhysicalBytes(), Nd4jNatives.summary());
        assertTrue(Nd4jNatives.summary().contains("JavaCPP maxPhysicalBytes 0"), Nd4jNatives.summary());
    }

    @Test
    @DisplayName("picks SkylakeX for AVX-512 CPUs, Haswell for AVX2 with FMA, and nothing for older CPUs")
    void choosesCoreType() {
        assertEquals("SkylakeX", Nd4jPlatform.bestCoreType(java.util.Set.of("avx2", "fma", "avx512f", "avx512bw",
                "avx512dq", "avx512vl")));
        assertEquals("Haswell", Nd4jPlatform.bestCoreType(java.util.Set.of("avx2", "fma", "avx512f")));
        assertEquals(null, Nd4jPlatform.bestCoreType(java.util.Set.of("sse4_2", "avx")));
    }

    @Test
    @DisplayName("names platforms as JavaCPP's classifiers do")
    void namesPlatform() {
        String name = Nd4jPlatform.name();
        assertTrue(name.matches("(linux|macosx|windows|[a-z_]+)-(x86_64|arm64|[a-z0-9_]+)"), name);
    }
}
