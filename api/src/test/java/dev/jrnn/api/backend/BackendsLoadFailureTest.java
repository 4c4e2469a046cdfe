package dev.jrnn.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Providers listed in a services file that cannot be loaded or listed are named, with the cause. */
class BackendsLoadFailureTest {
    @TempDir
    Path dir;

    /** Discovers through a class loader that also sees a services file listing {@code classes}. */
    private Backends discoverWith(String... classes) throws IOException {
        Path services = dir.resolve("META-INF/services/" + BackendProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(classes));
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        return Backends.discover(loader);
    }

    @Test
    @DisplayName("a typo in the services file names the missing class instead of 'not on the classpath'")
    void typoInServicesFile() throws IOException {
        Backends b = discoverWith("dev.jrnn.api.backend.BrokenProviders$ThrowingConstructr");
        assertEquals(1, b.failures().size(), "failures: " + b.failures());
        var e = assertThrows(BackendNotFoundException.class, () -> b.select("ctor"));
        String m = e.getMessage();
        assertTrue(m.contains("BrokenProviders$ThrowingConstructr") && m.contains("not found"), m);
        assertTrue(m.contains("spelled right") && !m.contains("not on the classpath"), m);
        assertTrue(b.diagnostics().report().contains("failed to load: dev.jrnn.api.backend.BrokenProviders"),
                b.diagnostics().report());
    }

    @Test
    @DisplayName("a provider whose constructor throws is named with the exception")
    void constructorThrows() throws IOException {
        Backends b = discoverWith(BrokenProviders.ThrowingConstructor.class.getName());
        var e = assertThrows(BackendNotFoundException.class, () -> b.select("ctor"));
        String m = e.getMessage();
        assertTrue(m.contains(BrokenProviders.ThrowingConstructor.class.getName()), m);
        assertTrue(m.contains("could not be instantiated") && m.contains("libfoo.so is missing"), m);
        assertTrue(m.contains("reference"), "the providers that did load are listed too: " + m);
    }

    @Test
    @DisplayName("a provider whose availability() throws is unavailable, naming its class and the exception")
    void availabilityThrows() throws IOException {
        Backends b = discoverWith(BrokenProviders.ThrowingAvailability.class.getName());
        var e = assertThrows(BackendUnavailableException.class, () -> b.select("flaky"));
        String m = e.getMessage();
        assertTrue(m.contains("availability() threw") && m.contains("driver probe crashed"), m);
        assertTrue(m.contains(BrokenProviders.ThrowingAvailability.class.getName()), m);
    }

    @Test
    @DisplayName("a provider whose name() throws is left out and named, the others still load")
    void nameThrows() throws IOException {
        Backends b = discoverWith(BrokenProviders.ThrowingName.class.getName());
        assertEquals(List.of(new ProviderFailure(BrokenProviders.ThrowingName.class.getName(),
                "name() threw java.lang.UnsupportedOperationException: name not configured")), b.failures());
        assertTrue(b.candidates().stream().anyMatch(c -> c.name().equals("reference")), b.candidates().toString());
        var e = assertThrows(BackendNotFoundException.class, () -> b.select(null));
        assertTrue(e.getMessage().contains("name not configured"), e.getMessage());
    }
}
