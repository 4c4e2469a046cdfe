package dev.jrnn.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.api.reference.ReferenceBackendProvider;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackendsTest {
    private static final Function<String, String> NONE = key -> null;

    private static Backends backends(List<BackendProvider> providers) {
        return Backends.of(providers, NONE, NONE);
    }

    @Test
    @DisplayName("no provider fails and names the artifacts to add and the fat jar rule")
    void noProvider() {
        var e = assertThrows(BackendNotFoundException.class, () -> backends(List.of()).select(null));
        assertTrue(e.getMessage().contains("jrnn-backend-ejml"), e.getMessage());
        assertTrue(e.getMessage().contains("jrnn-backend-nd4j"), e.getMessage());
        assertTrue(e.getMessage().contains("jrnn-backend-cuda"), e.getMessage());
        assertTrue(e.getMessage().contains("META-INF/services"), e.getMessage());
    }

    @Test
    @DisplayName("a single available provider is selected")
    void oneProvider() {
        BackendSelection s = backends(List.of(FakeProvider.available("ejml", 100))).resolve(null);
        assertEquals("ejml", s.candidate().name());
        assertEquals(BackendSelection.Source.PRIORITY, s.source());
        assertInstanceOf(ReferenceBackend.class, backends(List.of(FakeProvider.available("ejml", 100))).select(null));
    }

    @Test
    @DisplayName("of two providers the higher priority wins and the explanation lists both")
    void twoProviders() {
        BackendSelection s = backends(List.of(FakeProvider.available("ejml", 100), FakeProvider.available("nd4j", 200)))
                .resolve(null);
        assertEquals("nd4j", s.candidate().name());
        assertTrue(s.explanation().contains("'nd4j'"), s.explanation());
        assertTrue(s.explanation().contains("ejml (priority 100"), s.explanation());
        assertTrue(s.explanation().contains("nd4j (priority 200"), s.explanation());
    }

    @Test
    @DisplayName("an unavailable provider is skipped when none is named")
    void unavailableSkipped() {
        BackendSelection s = backends(List.of(FakeProvider.unavailable("cuda", 300, "no NVIDIA driver"),
                FakeProvider.available("ejml", 100))).resolve(null);
        assertEquals("ejml", s.candidate().name());
    }

    @Test
    @DisplayName("a named backend that is missing fails and lists the backends found")
    void namedMissing() {
        var e = assertThrows(BackendNotFoundException.class,
                () -> backends(List.of(FakeProvider.available("ejml", 100))).select("cuda"));
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
        assertTrue(e.getMessage().contains("ejml (priority 100"), e.getMessage());
    }

    @Test
    @DisplayName("a named backend that is unavailable fails with its reason instead of falling back")
    void namedUnavailable() {
        var b = backends(List.of(FakeProvider.unavailable("cuda", 300, "libcuda.so.1 not found"),
                FakeProvider.available("ejml", 100)));
        var e = assertThrows(BackendUnavailableException.class, () -> b.select("cuda"));
        assertTrue(e.getMessage().contains("libcuda.so.1 not found"), e.getMessage());
    }

    @Test
    @DisplayName("the explicit name beats the system property, which beats the environment")
    void precedence() {
        var providers = List.<BackendProvider>of(FakeProvider.available("ejml", 100), FakeProvider.available("nd4j", 200),
                FakeProvider.available("cuda", 300));
        Function<String, String> props = Map.of(Backends.PROPERTY, "nd4j")::get;
        Function<String, String> env = Map.of(Backends.ENVIRONMENT, "cuda")::get;
        assertEquals("nd4j", Backends.of(providers, props, env).resolve(null).candidate().name());
        assertEquals(BackendSelection.Source.SYSTEM_PROPERTY, Backends.of(providers, props, env).resolve(null).source());
        assertEquals("cuda", Backends.of(providers, NONE, env).resolve(null).candidate().name());
        assertEquals(BackendSelection.Source.ENVIRONMENT, Backends.of(providers, NONE, env).resolve(null).source());
        assertEquals("ejml", Backends.of(providers, props, env).resolve("ejml").candidate().name());
        assertEquals("cuda", Backends.of(providers, NONE, NONE).resolve(null).candidate().name());
    }

    @Test
    @DisplayName("equal priorities are broken by name whatever the classpath order")
    void tieBrokenByName() {
        var ab = backends(List.of(FakeProvider.available("alpha", 7), FakeProvider.available("beta", 7)));
        var ba = backends(List.of(FakeProvider.available("beta", 7), FakeProvider.available("alpha", 7)));
        assertEquals("alpha", ab.resolve(null).candidate().name());
        assertEquals("alpha", ba.resolve(null).candidate().name());
    }

    @Test
    @DisplayName("a negative priority provider is used only when named")
    void negativePriorityOnlyWhenNamed() {
        var onlyReference = backends(List.of(new ReferenceBackendProvider()));
        var e = assertThrows(BackendNotFoundException.class, () -> onlyReference.resolve(null));
        assertTrue(e.getMessage().contains("reference (priority -100"), e.getMessage());
        assertEquals("reference", onlyReference.resolve("reference").candidate().name());
        var withEjml = backends(List.of(new ReferenceBackendProvider(), FakeProvider.available("ejml", 0)));
        assertEquals("ejml", withEjml.resolve(null).candidate().name());
    }

    @Test
    @DisplayName("a provider whose create() throws fails loudly with the cause")
    void createFailure() {
        var b = backends(List.of(new ThrowingProvider()));
        var e = assertThrows(BackendUnavailableException.class, () -> b.select(null));
        assertTrue(e.getMessage().contains("failed to start"), e.getMessage());
        assertTrue(e.getMessage().contains("out of device memory"), e.getMessage());
    }

    @Test
    @DisplayName("ServiceLoader discovers the reference provider registered by the api jar")
    void serviceLoaderFindsReference() {
        var d = Backends.discover().candidates();
        assertTrue(d.stream().anyMatch(c -> c.name().equals("reference") && c.priority() < 0), d.toString());
        assertInstanceOf(ReferenceBackend.class, Backends.get("reference"));
    }

    @Test
    @DisplayName("diagnostics list every candidate with priority, availability and reason, and the choice")
    void diagnostics() {
        var b = backends(List.of(FakeProvider.unavailable("cuda", 300, "no device"), FakeProvider.available("ejml", 100)));
        BackendDiagnostics d = b.diagnostics();
        assertEquals(List.of("cuda", "ejml"), d.candidates().stream().map(BackendCandidate::name).toList());
        String report = d.report();
        assertTrue(report.contains("cuda") && report.contains("unavailable") && report.contains("no device"), report);
        assertTrue(report.contains("choice: jrnn: using backend 'ejml'"), report);
        String none = backends(List.of()).diagnostics().report();
        assertTrue(none.contains("choice: none") && none.contains("jrnn-backend-ejml"), none);
    }

    /** A provider that is listed as available but cannot create its backend. */
    private static final class ThrowingProvider implements BackendProvider {
        @Override
        public String name() {
            return "cuda";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Availability availability() {
            return Availability.available("driver 550");
        }

        @Override
        public Backend create() {
            throw new IllegalStateException("out of device memory");
        }
    }
}
