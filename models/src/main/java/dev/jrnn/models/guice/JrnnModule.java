package dev.jrnn.models.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.cell.CellProvider;
import java.util.Locale;
import java.util.Objects;

/**
 * Binds jrnn for injection: a singleton {@link Backend}, the model {@link DType} and a
 * {@link LayerFactory}; applications inject the factory (or the backend) and get ready layers.
 *
 * <p>The backend is, in order: the one given to the constructor; the one named by the constructor;
 * the one named by a {@code @Named("jrnn.backend")} string the application binds (for example with
 * {@link Names#bindProperties}); else {@link Backends} decides (system property {@code jrnn.backend},
 * environment {@code JRNN_BACKEND}, then priority). The dtype comes from {@code @Named("jrnn.dtype")}
 * ({@code float32} or {@code float64}) if bound, else FLOAT32.
 *
 * <p>Third-party cells join by binding into the set of {@link CellProvider}s:
 * {@code Multibinder.newSetBinder(binder(), CellProvider.class).addBinding().to(MyCell.Provider.class)}.
 */
public final class JrnnModule extends AbstractModule {
    /** Binding name of the configured backend name. */
    public static final String BACKEND = "jrnn.backend";
    /** Binding name of the configured dtype. */
    public static final String DTYPE = "jrnn.dtype";

    private final Backend backend;
    private final String backendName;
    private final Backends backends;

    private JrnnModule(Backend backend, String backendName, Backends backends) {
        this.backend = backend;
        this.backendName = backendName;
        this.backends = backends;
    }

    /** The backend chosen by configuration or discovery. */
    public JrnnModule() {
        this(null, null, null);
    }

    /** The backend named {@code backendName} (for example {@code ejml}), found by discovery. */
    public JrnnModule(String backendName) {
        this(null, Objects.requireNonNull(backendName, "backendName"), null);
    }

    /** A backend the application made itself. */
    public JrnnModule(Backend backend) {
        this(Objects.requireNonNull(backend, "backend"), null, null);
    }

    /** Selection among explicit {@code backends} (tests, containers), by name or by their rules when null. */
    public static JrnnModule selecting(Backends backends, String backendName) {
        return new JrnnModule(null, backendName, Objects.requireNonNull(backends, "backends"));
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), CellProvider.class);
        bind(LayerFactory.class).in(Singleton.class);
        bind(Configured.class);
    }

    @Provides
    @Singleton
    Backend backend(Configured configured) {
        if (backend != null) {
            return backend;
        }
        String name = backendName != null ? backendName : configured.backendName;
        return (backends != null ? backends : Backends.discover()).select(name);
    }

    @Provides
    @Singleton
    @Named(DTYPE)
    DType dtype(Configured configured) {
        String value = configured.dtypeName;
        if (value == null || value.isBlank()) {
            return DType.FLOAT32;
        }
        try {
            return DType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("@Named(\"" + DTYPE + "\") is '" + value
                    + "', expected float32 or float64", ex);
        }
    }

    /** The optional configuration strings an application may bind. */
    static final class Configured {
        @com.google.inject.Inject(optional = true)
        @Named(BACKEND)
        String backendName;

        @com.google.inject.Inject(optional = true)
        @Named(DTYPE)
        String dtypeName;
    }
}
