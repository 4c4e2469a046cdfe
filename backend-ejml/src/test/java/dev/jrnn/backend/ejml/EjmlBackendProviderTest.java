package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the EJML provider")
class EjmlBackendProviderTest {

    @Test
    @DisplayName("is found by the ServiceLoader under the name ejml with priority 100")
    void isRegisteredAsAService() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("ejml"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provider named ejml in META-INF/services"));
        assertInstanceOf(EjmlBackendProvider.class, found);
        assertEquals(100, found.priority());
    }

    @Test
    @DisplayName("is always available, names EJML in its reason and creates a backend called ejml")
    void isAvailableAndCreatesTheBackend() {
        EjmlBackendProvider provider = new EjmlBackendProvider();
        assertTrue(provider.availability().available());
        assertTrue(provider.availability().reason().contains("EJML 0.43.1"), provider.availability().reason());
        assertInstanceOf(EjmlBackend.class, provider.create());
        assertEquals("ejml", provider.create().name());
    }
}
