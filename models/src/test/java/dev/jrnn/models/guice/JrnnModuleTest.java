package dev.jrnn.models.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.cell.GruCell;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JrnnModuleTest {

    /** An application class that needs an LSTM. */
    static final class Forecaster {
        final RecurrentLayer lstm;

        @Inject
        Forecaster(LayerFactory layers) {
            this.lstm = layers.lstm(3, 5, 42);
        }
    }

    /** A provider of a backend that is listed under {@code name} and always available. */
    private static BackendProvider provider(String name, int priority) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Availability availability() {
                return Availability.available("test");
            }

            @Override
            public Backend create() {
                return new ReferenceBackend() {
                    @Override
                    public String name() {
                        return name;
                    }
                };
            }
        };
    }

    private static final Backends TWO = Backends.of(List.of(provider("alpha", 10), provider("beta", 20)),
            key -> null, key -> null);

    @Test
    @DisplayName("an application gets a ready LSTM on the bound backend by injection")
    void injectsAnLstm() {
        ReferenceBackend backend = new ReferenceBackend();
        Injector injector = Guice.createInjector(new JrnnModule(backend));
        Forecaster app = injector.getInstance(Forecaster.class);
        assertSame(backend, app.lstm.backend());
        assertEquals("lstm", app.lstm.cellName());
        assertEquals(DType.FLOAT32, app.lstm.dtype());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                app.lstm.parameters().stream().map(p -> p.name()).toList());
        assertSame(injector.getInstance(Backend.class), injector.getInstance(Backend.class), "singleton");
        assertSame(injector.getInstance(LayerFactory.class), injector.getInstance(LayerFactory.class));
    }

    @Test
    @DisplayName("without a name the backend of highest priority is selected; a constructor name overrides it")
    void selection() {
        assertEquals("beta", Guice.createInjector(JrnnModule.selecting(TWO, null)).getInstance(Backend.class).name());
        assertEquals("alpha", Guice.createInjector(JrnnModule.selecting(TWO, "alpha")).getInstance(Backend.class)
                .name());
        Backend discovered = Guice.createInjector(new JrnnModule(ReferenceBackend.NAME)).getInstance(Backend.class);
        assertInstanceOf(ReferenceBackend.class, discovered, "found through ServiceLoader by name");
    }

    @Test
    @DisplayName("backend and dtype can be named in bound configuration properties")
    void configuredByProperties() {
        Properties props = new Properties();
        props.setProperty(JrnnModule.BACKEND, "alpha");
        props.setProperty(JrnnModule.DTYPE, "float64");
        Injector injector = Guice.createInjector(JrnnModule.selecting(TWO, null), new AbstractModule() {
            @Override
            protected void configure() {
                Names.bindProperties(binder(), props);
            }
        });
        LayerFactory layers = injector.getInstance(LayerFactory.class);
        assertEquals("alpha", layers.backend().name());
        assertEquals(DType.FLOAT64, layers.gru(2, 3, 1).dtype());
    }

    @Test
    @DisplayName("a missing named backend fails at injection, listing those found")
    void missingBackend() {
        Injector injector = Guice.createInjector(JrnnModule.selecting(TWO, "gamma"));
        ProvisionException ex = assertThrows(ProvisionException.class, () -> injector.getInstance(Backend.class));
        assertTrue(ex.getMessage().contains("gamma") && ex.getMessage().contains("alpha"), ex.getMessage());
    }

    @Test
    @DisplayName("a cell bound through Guice is used by the layer factory")
    void boundCell() {
        CellProvider renamed = new CellProvider() {
            @Override
            public String name() {
                return "my_gru";
            }

            @Override
            public Cell create(CellConfig config) {
                return new GruCell(config);
            }
        };
        Injector injector = Guice.createInjector(new JrnnModule(new ReferenceBackend()), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), CellProvider.class).addBinding().toInstance(renamed);
            }
        });
        LayerFactory layers = injector.getInstance(LayerFactory.class);
        RecurrentLayer layer = layers.builder("my_gru").inputSize(2).hiddenSize(3).build();
        assertEquals("my_gru", layer.cellName());
        assertInstanceOf(GruCell.class, layer.cells().get(0));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> layers.cell("nope"));
        assertTrue(ex.getMessage().contains("my_gru") && ex.getMessage().contains("lstm"), ex.getMessage());
    }

    @Test
    @DisplayName("an unknown dtype name is rejected naming the value and the accepted ones")
    void badDtype() {
        Injector injector = Guice.createInjector(new JrnnModule(new ReferenceBackend()), new AbstractModule() {
            @Override
            protected void configure() {
                Names.bindProperties(binder(), Map.of(JrnnModule.DTYPE, "int8"));
            }
        });
        ProvisionException ex = assertThrows(ProvisionException.class,
                () -> injector.getInstance(LayerFactory.class));
        assertTrue(ex.getMessage().contains("int8") && ex.getMessage().contains("float64"), ex.getMessage());
    }
}
