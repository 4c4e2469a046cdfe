package dev.jrnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.BackendUnavailableException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the CUDA backend provider")
class CudaBackendProviderTest {
    private final CudaBackendProvider provider = new CudaBackendProvider();

    @Test
    @DisplayName("is discovered by ServiceLoader as 'cuda' with priority 300")
    void isDiscovered() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("cuda"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provider named cuda in META-INF/services"));
        assertTrue(found instanceof CudaBackendProvider);
        assertEquals(300, found.priority());
    }

    @Test
    @DisplayName("answers availability without throwing, with a reason, once per JVM")
    void availabilityIsSafeAndCached() {
        Availability first = provider.availability();
        Availability second = new CudaBackendProvider().availability();
        assertSame(first, second);
        assertFalse(first.reason() == null || first.reason().isBlank(), "availability must give a reason");
    }

    @Test
    @DisplayName("when unavailable, says why and create() fails loudly with that reason")
    void unavailableFailsLoudly() {
        Availability availability = provider.availability();
        assumeFalse(availability.available(), "CUDA is available here: " + availability.reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, provider::create);
        assertTrue(e.getMessage().contains(availability.reason()),
                "the exception should carry the reason, got: " + e.getMessage());
        assertTrue(e.getMessage().contains("cuda"), e.getMessage());
    }

    @Test
    @DisplayName("when available, names the driver version and the device with its compute capability")
    void availableNamesDriverAndDevice() {
        Availability availability = provider.availability();
        assumeTrue(availability.available(), "CUDA unavailable: " + availability.reason());
        assertTrue(availability.reason().matches("CUDA driver \\d+\\.\\d+, device 0 of \\d+: .+ \\(compute capability \\d+\\.\\d+\\)"),
                availability.reason());
        Backend backend = RequiresCuda.backend();
        assertEquals("cuda", backend.name());
        assertTrue(((CudaBackend) backend).device().startsWith("device 0: "), ((CudaBackend) backend).device());
    }

    @Test
    @DisplayName("reduces a multi-line native error to its class and first line")
    void firstLineOfErrors() {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("Could not load the native library.\nError while loading x");
        assertEquals("UnsatisfiedLinkError: Could not load the native library.", CudaProbe.firstLine(error));
        RuntimeException wrapped = new RuntimeException("outer", new IllegalStateException("inner cause"));
        assertEquals("IllegalStateException: inner cause", CudaProbe.firstLine(wrapped));
    }

    @Test
    @DisplayName("finds the loader's reason in JCuda's long link error")
    void linkFailureNamesTheMissingLibrary() {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.0.0-linux-x86_64.so: libcuda.so.1: "
                + "cannot open shared object file: No such file or directory\n\tat x.y(Z.java:1)");
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory",
                CudaProbe.linkFailure(error));
        assertEquals("UnsatisfiedLinkError: something else", CudaProbe.linkFailure(new UnsatisfiedLinkError("something else")));
    }
}
