package dev.jrnn.models.layer;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.models.cell.ProjectedLstmCell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configures a {@link RecurrentLayer} with the arguments of PyTorch's {@code nn.RNN/LSTM/GRU}.
 * Required: {@link #backend}, {@link #inputSize}, {@link #hiddenSize}.
 */
public final class RecurrentLayerBuilder {
    final CellProvider cell;
    Backend backend;
    DType dtype = DType.FLOAT32;
    int inputSize;
    int hiddenSize;
    int numLayers = 1;
    boolean bidirectional;
    boolean bias = true;
    double dropout;
    boolean batchFirst;
    long seed;
    boolean fused = true;
    final Map<String, String> options = new LinkedHashMap<>();

    RecurrentLayerBuilder(CellProvider cell) {
        this.cell = cell;
    }

    /** A builder for the cell that {@code cellName} selects in the table of names ({@link Cells#names()}). */
    RecurrentLayerBuilder(String cellName) {
        this(Cells.require(cellName));
    }

    public RecurrentLayerBuilder backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /** Parameter and state dtype; FLOAT32 by default. */
    public RecurrentLayerBuilder dtype(DType dtype) {
        this.dtype = dtype;
        return this;
    }

    public RecurrentLayerBuilder inputSize(int inputSize) {
        this.inputSize = inputSize;
        return this;
    }

    public RecurrentLayerBuilder hiddenSize(int hiddenSize) {
        this.hiddenSize = hiddenSize;
        return this;
    }

    /**
     * LSTM projections, PyTorch's {@code proj_size}: each step's hidden state
     * {@code h_t = W_hr (o_t tanh(c_t))} has P features (0 &lt; P &lt; H), which the output, h_n, the
     * recurrence and the next stacked layer see; c_n keeps H. 0 (the default) means none and sets
     * no option, so any cell accepts it. The cell option {@code proj_size}.
     */
    public RecurrentLayerBuilder projSize(int projSize) {
        if (projSize == 0) {
            options.remove(ProjectedLstmCell.PROJ_SIZE);
        } else {
            options.put(ProjectedLstmCell.PROJ_SIZE, Integer.toString(projSize));
        }
        return this;
    }

    /** Stacked layers, L; 1 by default. */
    public RecurrentLayerBuilder numLayers(int numLayers) {
        this.numLayers = numLayers;
        return this;
    }

    /** Whether each layer also runs backwards (D = 2); false by default. */
    public RecurrentLayerBuilder bidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
        return this;
    }

    /** Whether the cells have biases; true by default. */
    public RecurrentLayerBuilder bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /** Dropout probability on every layer's output except the last, in training mode; 0 by default. */
    public RecurrentLayerBuilder dropout(double dropout) {
        this.dropout = dropout;
        return this;
    }

    /** Input and output as [B, T, F] instead of [T, B, F]; states stay [L*D, B, H]. */
    public RecurrentLayerBuilder batchFirst(boolean batchFirst) {
        this.batchFirst = batchFirst;
        return this;
    }

    /** Seed of the host-side generator for the initial weights and the dropout masks; 0 by default. */
    public RecurrentLayerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether built-in cells run through the backend's fused sequence kernels (default) or step by step. */
    public RecurrentLayerBuilder fused(boolean fused) {
        this.fused = fused;
        return this;
    }

    /**
     * A cell-specific option, for example {@code nonlinearity=relu} on {@code rnn_relu}.
     *
     * @throws IllegalArgumentException when the cell declares its options ({@link CellProvider#options()})
     *                                  and does not accept this key or value; the message names both and
     *                                  what the cell accepts
     */
    public RecurrentLayerBuilder option(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("recurrent layer: cell option " + key + "=" + value
                    + " needs a key and a value");
        }
        cell.options().check(cell.name(), key, value);
        options.put(key, value);
        return this;
    }

    /** The requested {@code proj_size} option, 0 when unset; the cell checks its range. */
    int projSize() {
        String value = options.getOrDefault(ProjectedLstmCell.PROJ_SIZE, "0").trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("recurrent layer: option " + ProjectedLstmCell.PROJ_SIZE + " = '"
                    + value + "' is not an integer", e);
        }
    }

    public RecurrentLayer build() {
        if (backend == null) {
            throw new IllegalStateException("recurrent layer: backend is required");
        }
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("recurrent layer: inputSize " + inputSize + ", hiddenSize "
                    + hiddenSize + " and numLayers " + numLayers + " must be positive");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("recurrent layer: dropout " + dropout + " is outside [0, 1)");
        }
        return new RecurrentLayer(this);
    }
}
