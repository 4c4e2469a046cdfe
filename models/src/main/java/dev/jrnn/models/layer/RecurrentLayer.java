package dev.jrnn.models.layer;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.RecurrentResult;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.autograd.WeightGuard;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.models.cell.FusedCell;
import dev.jrnn.models.cell.ProjectedLstmCell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stacked, optionally bidirectional recurrent layer, PyTorch's {@code nn.RNN/LSTM/GRU}: layer l
 * runs its cells over the previous layer's output, the backward direction from each sequence's
 * last valid step, and the directions' outputs are concatenated along the features.
 *
 * <pre>{@code
 * RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).inputSize(8).hiddenSize(32)
 *         .numLayers(2).bidirectional(true).seed(7).build();
 * LayerOutput out = lstm.forward(x);      // x [T, B, 8]; out.output() [T, B, 64]; out.hn() [4, B, 32]
 * }</pre>
 *
 * <p>Parameters are named as PyTorch's {@code state_dict}: {@code weight_ih_l{k}}, {@code weight_hh_l{k}},
 * {@code bias_ih_l{k}}, {@code bias_hh_l{k}}, with suffix {@code _reverse} for the backward direction.
 *
 * <p>An LSTM with projections ({@link RecurrentLayerBuilder#projSize}, PyTorch's {@code proj_size=P})
 * emits {@code h_t = W_hr (o_t tanh(c_t))} of P features: output [T, B, D*P], h_n [L*D, B, P],
 * c_n [L*D, B, H], each stacked layer's input D*P wide, plus the parameters {@code weight_hr_l{k}} [P, H].
 * Its cells are not {@link FusedCell}s (the fused kernels feed back an h of H features), so it runs
 * step by step on the differentiable ops whatever {@link RecurrentLayerBuilder#fused} says.
 *
 * <p>Thread safety: once built, a layer serves {@link #forward} from any number of threads at
 * once (each in its own {@link dev.jrnn.api.TensorScope}), also while its weights are replaced
 * ({@code StateDict.load} into {@link #parameters()}, an optimizer step, {@link Parameter#setAll}):
 * all its cells' parameters share one {@link #guard()}, and each forward pass holds a lease on it,
 * so a pass computes with the old weights or the new ones, never a mix, and no weight is freed
 * under it. Dropout draws (training mode) are serialised; switch the mode with {@link #train}
 * before serving, not during.
 */
public final class RecurrentLayer {
    private final String cellName;
    private final Backend backend;
    private final DType dtype;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final int directions;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean fused;
    private final List<Cell> cells;
    private final SeededRandom dropoutRandom;
    private final WeightGuard guard;
    private volatile boolean training = true;

    RecurrentLayer(RecurrentLayerBuilder b) {
        this.cellName = b.cell.name();
        this.backend = b.backend;
        this.dtype = b.dtype;
        this.inputSize = b.inputSize;
        this.hiddenSize = b.hiddenSize;
        this.numLayers = b.numLayers;
        this.directions = b.bidirectional ? 2 : 1;
        this.dropout = b.dropout;
        this.batchFirst = b.batchFirst;
        this.fused = b.fused;
        SplittableRandom seeds = new SplittableRandom(b.seed);
        List<Cell> list = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                // the layer below emits its cells' hidden state: H features, or P with projections
                int in = l == 0 ? inputSize : directions * list.get(list.size() - 1).stateSize(0);
                list.add(create(b.cell, new CellConfig(backend, dtype, in, hiddenSize, b.bias, suffix,
                        seeds.nextLong(), b.options), b.projSize()));
            }
        }
        this.cells = List.copyOf(list);
        this.dropoutRandom = new SeededRandom(seeds.nextLong());
        this.guard = WeightGuard.share(parameters());
    }

    private static Cell create(CellProvider provider, CellConfig config, int projSize) {
        Cell cell = provider.create(config);
        if (cell.inputSize() != config.inputSize() || cell.hiddenSize() != config.hiddenSize()) {
            throw new IllegalStateException("cell '" + provider.name() + "' was asked for input " + config.inputSize()
                    + " and hidden " + config.hiddenSize() + " but has " + cell.inputSize() + " and " + cell.hiddenSize());
        }
        if (projSize != 0 && cell.stateSize(0) != projSize) {
            throw new IllegalArgumentException("recurrent layer: cell '" + provider.name() + "' has no projection"
                    + " (projSize " + projSize + " is for lstm, as PyTorch's proj_size)");
        }
        return cell;
    }

    /** A builder for a layer of the cell registered as {@code cellName} ({@code lstm}, {@code gru}, ...). */
    public static RecurrentLayerBuilder builder(String cellName) {
        return new RecurrentLayerBuilder(cellName);
    }

    /** A builder for a layer of {@code cell}'s cells, without service lookup. */
    public static RecurrentLayerBuilder builder(CellProvider cell) {
        return new RecurrentLayerBuilder(cell);
    }

    /** {@link #forward(Variable, List, int[])} from zero states over full-length sequences. */
    public LayerOutput forward(Variable input) {
        return forward(input, null, null);
    }

    /**
     * Runs the layer.
     *
     * @param input        [T, B, I], or [B, T, I] when batch-first
     * @param initialState (h0) or, for LSTM, (h0, c0), each [L*D, B, H] (h0 [L*D, B, P] with
     *                     projections); null for zeros
     * @param lengths      valid steps of each sequence (PyTorch's packed semantics), or null for all T
     */
    public LayerOutput forward(Variable input, List<Variable> initialState, int[] lengths) {
        try (WeightGuard.Lease weights = guard.read()) {
            return run(input, initialState, lengths);
        }
    }

    private LayerOutput run(Variable input, List<Variable> initialState, int[] lengths) {
        LayerInputs.checkInput(input, inputSize, batchFirst);
        Variable x = batchFirst ? Ops.transpose(input, 1, 0, 2) : input;
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        Checks.lengths("recurrent layer", lengths, steps, batch);
        int stateCount = cells.get(0).stateCount();
        List<Shape> stateShapes = new ArrayList<>(stateCount);
        for (int i = 0; i < stateCount; i++) {
            stateShapes.add(Shape.of(numLayers * directions, batch, cells.get(0).stateSize(i)));
        }
        List<Variable> h0 = LayerInputs.initialState(initialState, stateShapes, hiddenSize, backend, dtype);
        List<List<Variable>> finals = new ArrayList<>();
        for (int i = 0; i < stateCount; i++) {
            finals.add(new ArrayList<>());
        }
        Variable layerInput = x;
        for (int l = 0; l < numLayers; l++) {
            List<Variable> outs = new ArrayList<>(directions);
            for (int d = 0; d < directions; d++) {
                int index = l * directions + d;
                List<Variable> init = new ArrayList<>(stateCount);
                for (Variable s : h0) {
                    init.add(cellState(s, index, batch));
                }
                RecurrentResult r = runCell(cells.get(index), layerInput, init, lengths, d == 1);
                outs.add(r.output());
                for (int i = 0; i < stateCount; i++) {
                    finals.get(i).add(r.finalState().get(i));
                }
            }
            layerInput = directions == 1 ? outs.get(0) : Ops.concat(2, outs);
            if (l < numLayers - 1 && training && dropout > 0.0) {
                layerInput = LayerInputs.dropout(layerInput, dropout, dropoutRandom);
            }
        }
        List<Variable> finalState = new ArrayList<>(stateCount);
        for (List<Variable> parts : finals) {
            finalState.add(parts.size() == 1 ? stacked(parts.get(0)) : Ops.stack(parts));
        }
        Variable output = batchFirst ? Ops.transpose(layerInput, 1, 0, 2) : layerInput;
        return new LayerOutput(output, finalState);
    }

    /**
     * Cell {@code index}'s [B, H] slice of a stacked [L*D, B, H] state. A layer of one cell takes the
     * whole tensor reshaped, which shares its buffer, instead of a slice, which copies it: on a
     * native backend each copy is a call of its own, a sizeable part of a batch-1 pass.
     */
    private Variable cellState(Variable stacked, int index, int batch) {
        Shape cell = Shape.of(batch, stacked.shape().dim(2));
        return cells.size() == 1 ? Ops.reshape(stacked, cell)
                : Ops.reshape(Ops.slice(stacked, 0, index, index + 1), cell);
    }

    /** A single cell's [B, H] final state as the layer's [1, B, H], sharing its buffer. */
    private static Variable stacked(Variable state) {
        Shape s = state.shape();
        return Ops.reshape(state, Shape.of(1, s.dim(0), s.dim(1)));
    }

    private RecurrentResult runCell(Cell cell, Variable x, List<Variable> init, int[] lengths, boolean reverse) {
        if (fused && cell instanceof FusedCell f) {
            return Direction.fused(f, x, init, lengths, reverse);
        }
        return Direction.stepped(cell, x, init, lengths, reverse);
    }

    /** Every parameter, in PyTorch's {@code state_dict} order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Cell c : cells) {
            all.addAll(c.parameters());
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * The parameters by {@code state_dict} name, in PyTorch's order: {@code weight_ih_l0}, ..., or
     * the names a model that holds the layer gave them ({@code encoder.gru.weight_ih_l0} in a
     * {@link dev.jrnn.models.train.Seq2Seq}).
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            byName.put(p.name(), p);
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * The guard shared by all of this layer's parameters: a lease on it keeps their values fixed;
     * a model that adds parameters of its own shares them with it ({@link WeightGuard#share}).
     */
    public WeightGuard guard() {
        return guard;
    }

    /** The parameter named {@code name}, or an exception listing the names. */
    public Parameter parameter(String name) {
        Parameter p = namedParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; this layer has " + namedParameters().keySet());
        }
        return p;
    }

    /** Training mode applies dropout between layers; evaluation mode does not. */
    public void train(boolean on) {
        this.training = on;
    }

    public boolean isTraining() {
        return training;
    }

    /** The generator of the dropout masks, whose state a training checkpoint saves. */
    public SeededRandom dropoutRandom() {
        return dropoutRandom;
    }

    /** The cells, layer by layer, forward direction before backward: index {@code l * D + d}. */
    public List<Cell> cells() {
        return cells;
    }

    public String cellName() {
        return cellName;
    }

    public Backend backend() {
        return backend;
    }

    public DType dtype() {
        return dtype;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** P of an LSTM with projections, PyTorch's {@code proj_size}; 0 without. */
    public int projSize() {
        return cells.get(0) instanceof ProjectedLstmCell p ? p.projSize() : 0;
    }

    /** Features of the output at each step: D*P with projections, else D*H. */
    public int outputSize() {
        return directions * cells.get(0).stateSize(0);
    }

    public int numLayers() {
        return numLayers;
    }

    /** D: 2 when bidirectional, else 1. */
    public int directions() {
        return directions;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    /** Number of state tensors: 2 for LSTM (h, c), else 1. */
    public int stateCount() {
        return cells.get(0).stateCount();
    }

    /** The layer as PyTorch prints it, for example {@code LSTM(10, 20, num_layers=2, batch_first=True)}. */
    @Override
    public String toString() {
        String type = switch (cellName) {
            case "lstm" -> "LSTM";
            case "gru" -> "GRU";
            case "rnn_tanh", "rnn_relu" -> "RNN";
            default -> cellName;
        };
        StringBuilder sb = new StringBuilder(type).append('(').append(inputSize).append(", ").append(hiddenSize);
        if (cellName.equals("rnn_relu")) {
            sb.append(", nonlinearity='relu'");
        }
        if (numLayers != 1) {
            sb.append(", num_layers=").append(numLayers);
        }
        if (!hasBias()) {
            sb.append(", bias=False");
        }
        if (batchFirst) {
            sb.append(", batch_first=True");
        }
        if (dropout != 0) {
            sb.append(", dropout=").append(dropout);
        }
        if (directions == 2) {
            sb.append(", bidirectional=True");
        }
        if (projSize() > 0) {
            sb.append(", proj_size=").append(projSize());
        }
        return sb.append(')').toString();
    }

    private boolean hasBias() {
        // the last segment: a model may have qualified the names (encoder.gru.bias_ih_l0)
        return namedParameters().keySet().stream().anyMatch(n -> n.substring(n.lastIndexOf('.') + 1).startsWith("bias"));
    }
}
