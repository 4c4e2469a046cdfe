package dev.jrnn.models.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PyTorch's LSTM cell with a projection, a step of {@code nn.LSTM(..., proj_size=P)}, gates i, f,
 * g, o stacked in that order:
 * {@code z = x W_ih^T + b_ih + h W_hh^T + b_hh}, {@code c' = f c + i g},
 * {@code h' = (o tanh(c')) W_hr^T}. State (h [B, P], c [B, H]), 0 &lt; P &lt; H.
 *
 * <p>Parameters in {@code state_dict} order: {@code weight_ih} [4H, I], {@code weight_hh} [4H, P],
 * {@code bias_ih} [4H], {@code bias_hh} [4H], {@code weight_hr} [P, H], each drawn in that order
 * from U(-1/sqrt(H), 1/sqrt(H)) as PyTorch does.
 *
 * <p>Not a {@link FusedCell}: the backends' fused sequence kernels feed back a hidden state of H
 * features, so a layer runs this cell step by step on the differentiable ops.
 */
public final class ProjectedLstmCell implements Cell {
    /** The cell option that asks the {@code lstm} provider for projections, PyTorch's {@code proj_size}. */
    public static final String PROJ_SIZE = "proj_size";

    private final Backend backend;
    private final DType dtype;
    private final int inputSize;
    private final int hiddenSize;
    private final int projSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;
    private final Parameter weightHr;

    /** A cell of the config's sizes projecting its hidden state to {@code projSize} features. */
    public ProjectedLstmCell(CellConfig config, int projSize) {
        checkProjSize(projSize, config.hiddenSize());
        this.backend = config.backend();
        this.dtype = config.dtype();
        this.inputSize = config.inputSize();
        this.hiddenSize = config.hiddenSize();
        this.projSize = projSize;
        int rows = 4 * hiddenSize;
        double bound = Init.recurrentBound(hiddenSize);
        SplittableRandom random = new SplittableRandom(config.seed());
        String s = config.nameSuffix();
        weightIh = new Parameter("weight_ih" + s, Init.uniform(backend, dtype, Shape.of(rows, inputSize), bound, random));
        weightHh = new Parameter("weight_hh" + s, Init.uniform(backend, dtype, Shape.of(rows, projSize), bound, random));
        biasIh = config.bias() ? new Parameter("bias_ih" + s, Init.uniform(backend, dtype, Shape.of(rows), bound, random)) : null;
        biasHh = config.bias() ? new Parameter("bias_hh" + s, Init.uniform(backend, dtype, Shape.of(rows), bound, random)) : null;
        weightHr = new Parameter("weight_hr" + s, Init.uniform(backend, dtype, Shape.of(projSize, hiddenSize), bound, random));
    }

    /**
     * The config's {@value #PROJ_SIZE} option: 0 when unset (no projection), else P with
     * 0 &lt;= P &lt; H, as PyTorch requires.
     */
    public static int projSize(CellConfig config) {
        String value = config.option(PROJ_SIZE, "0").trim();
        int projSize;
        try {
            projSize = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lstm: option " + PROJ_SIZE + " = '" + value + "' is not an integer", e);
        }
        if (projSize != 0) {
            checkProjSize(projSize, config.hiddenSize());
        }
        return projSize;
    }

    private static void checkProjSize(int projSize, int hiddenSize) {
        if (projSize <= 0) {
            throw new IllegalArgumentException("lstm: " + PROJ_SIZE + " " + projSize
                    + " must be positive (0 means no projection)");
        }
        if (projSize >= hiddenSize) {
            throw new IllegalArgumentException("lstm: " + PROJ_SIZE + " " + projSize
                    + " must be smaller than hidden_size " + hiddenSize);
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    /** P, the features of the hidden state h and of the cell's output. */
    public int projSize() {
        return projSize;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    /** P for the hidden state h, H for the cell state c. */
    @Override
    public int stateSize(int part) {
        return part == 0 ? projSize : hiddenSize;
    }

    /** W_ih [4H, I]. */
    public Parameter weightIh() {
        return weightIh;
    }

    /** W_hh [4H, P]. */
    public Parameter weightHh() {
        return weightHh;
    }

    /** b_ih [4H], or null without biases. */
    public Parameter biasIh() {
        return biasIh;
    }

    /** b_hh [4H], or null without biases. */
    public Parameter biasHh() {
        return biasHh;
    }

    /** W_hr [P, H]. */
    public Parameter weightHr() {
        return weightHr;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(List.of(weightIh, weightHh));
        if (biasIh != null) {
            list.add(biasIh);
            list.add(biasHh);
        }
        list.add(weightHr);
        return List.copyOf(list);
    }

    @Override
    public CellState step(Variable x, CellState state) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inputSize) {
            throw new IllegalArgumentException("ProjectedLstmCell.step: input x has shape " + x.shape()
                    + ", expected [B, " + inputSize + "]");
        }
        if (state.size() != 2) {
            throw new IllegalArgumentException("ProjectedLstmCell.step: state needs (h, c), got " + state.size()
                    + " tensors");
        }
        int batch = x.shape().dim(0);
        checkState("h", state.h(), Shape.of(batch, projSize));
        checkState("c", state.get(1), Shape.of(batch, hiddenSize));
        Variable z = Ops.add(Ops.linear(x, weightIh, biasIh), Ops.linear(state.h(), weightHh, biasHh));
        LstmGates.Update next = LstmGates.apply(z, state.get(1), hiddenSize);
        return CellState.of(Ops.linear(next.output(), weightHr, null), next.cell());
    }

    private static void checkState(String name, Variable v, Shape expected) {
        if (!v.shape().equals(expected)) {
            throw new IllegalArgumentException("ProjectedLstmCell.step: state " + name + " has shape " + v.shape()
                    + ", expected " + expected);
        }
    }

    @Override
    public String toString() {
        return "ProjectedLstmCell(" + inputSize + ", " + hiddenSize + ", proj_size=" + projSize + ", bias="
                + (biasIh != null) + ")";
    }
}
