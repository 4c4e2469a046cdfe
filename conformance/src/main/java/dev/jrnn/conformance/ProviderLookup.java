package dev.jrnn.conformance;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The providers of a backend among those {@link ServiceLoader} finds (through the thread's context
 * class loader, as {@link dev.jrnn.api.backend.Backends#discover()} does): those packaged with the
 * backend's class (same jar or classes folder) and those of the same name, with what failed to load.
 */
final class ProviderLookup {
    private final Backend backend;
    private final List<BackendProvider> providers = new ArrayList<>();
    private final List<String> loaded = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private ProviderLookup(Backend backend) {
        this.backend = backend;
    }

    static ProviderLookup of(Backend backend) {
        ProviderLookup lookup = new ProviderLookup(backend);
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class,
                Thread.currentThread().getContextClassLoader()).iterator();
        for (int guard = 0; guard < 1000; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                lookup.consider(it.next());
            } catch (ServiceConfigurationError e) {
                lookup.failures.add(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            }
        }
        return lookup;
    }

    private void consider(BackendProvider p) {
        String name;
        try {
            name = p.name();
        } catch (RuntimeException | LinkageError e) {
            name = null;
        }
        loaded.add(p.getClass().getName() + " (" + name + ")");
        boolean packagedTogether = Objects.equals(location(p.getClass()), location(backend.getClass()));
        if (packagedTogether || backend.name().equals(name)) {
            providers.add(p);
        }
    }

    /** The backend's providers; empty when none was found. */
    List<BackendProvider> providers() {
        return providers;
    }

    /** Why no provider was found, with what ServiceLoader found and failed to load. */
    String whyMissing() {
        return "no " + BackendProvider.class.getSimpleName() + " of backend '" + backend.name() + "' ("
                + backend.getClass().getName() + " from " + location(backend.getClass()) + ") was found by ServiceLoader:"
                + " none of the providers it loaded is named '" + backend.name() + "' or packaged with the backend."
                + " List the provider's class in META-INF/services/" + BackendProvider.class.getName()
                + " next to the backend's classes. Loaded: " + loaded
                + (failures.isEmpty() ? "" : "; failed to load: " + failures);
    }

    private static String location(Class<?> cls) {
        CodeSource source = cls.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "the runtime image" : url.toString();
    }
}
