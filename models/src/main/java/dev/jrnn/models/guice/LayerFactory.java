package dev.jrnn.models.guice;

import com.google.inject.Inject;
import com.google.inject.name.Named;
import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.layer.RecurrentLayerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds recurrent layers on the injected backend and dtype. Cells are looked up among the
 * providers bound through Guice first, then those registered with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * LayerFactory layers = Guice.createInjector(new JrnnModule()).getInstance(LayerFactory.class);
 * RecurrentLayer lstm = layers.lstm(8, 32);
 * RecurrentLayer gru = layers.builder("gru").inputSize(8).hiddenSize(32).numLayers(2).build();
 * }</pre>
 */
public final class LayerFactory {
    private final Backend backend;
    private final DType dtype;
    private final Set<CellProvider> boundCells;

    @Inject
    LayerFactory(Backend backend, @Named(JrnnModule.DTYPE) DType dtype, Set<CellProvider> boundCells) {
        this.backend = backend;
        this.dtype = dtype;
        this.boundCells = boundCells;
    }

    public Backend backend() {
        return backend;
    }

    public DType dtype() {
        return dtype;
    }

    /** A builder for a layer of the cell called {@code cellName}, on this factory's backend and dtype. */
    public RecurrentLayerBuilder builder(String cellName) {
        return RecurrentLayer.builder(cell(cellName)).backend(backend).dtype(dtype);
    }

    /** A one-layer LSTM with PyTorch's initialisation drawn from {@code seed}. */
    public RecurrentLayer lstm(int inputSize, int hiddenSize, long seed) {
        return builder("lstm").inputSize(inputSize).hiddenSize(hiddenSize).seed(seed).build();
    }

    /** A one-layer LSTM, seed 0. */
    public RecurrentLayer lstm(int inputSize, int hiddenSize) {
        return lstm(inputSize, hiddenSize, 0);
    }

    /** A one-layer GRU with PyTorch's initialisation drawn from {@code seed}. */
    public RecurrentLayer gru(int inputSize, int hiddenSize, long seed) {
        return builder("gru").inputSize(inputSize).hiddenSize(hiddenSize).seed(seed).build();
    }

    /** A one-layer tanh RNN with PyTorch's initialisation drawn from {@code seed}. */
    public RecurrentLayer rnn(int inputSize, int hiddenSize, long seed) {
        return builder("rnn_tanh").inputSize(inputSize).hiddenSize(hiddenSize).seed(seed).build();
    }

    /**
     * The cell provider called {@code name}: a Guice-bound one first (by name or alias), then a
     * registered service through the table of names ({@link Cells#names()}).
     */
    public CellProvider cell(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (CellProvider p : boundCells) {
            if (p.name().toLowerCase(Locale.ROOT).equals(key)
                    || p.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(key))) {
                return p;
            }
        }
        return Cells.find(name).orElseThrow(() -> new IllegalArgumentException("no cell named '" + name
                + "'; bound through Guice: " + names(boundCells) + ", registered services: "
                + Cells.names().keySet()));
    }

    private static List<String> names(Iterable<CellProvider> providers) {
        List<String> out = new ArrayList<>();
        providers.forEach(p -> out.add(p.name()));
        return out;
    }
}
