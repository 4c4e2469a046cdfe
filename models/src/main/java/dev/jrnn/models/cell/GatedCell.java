package dev.jrnn.models.cell;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.fused.CellKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shared part of PyTorch's cells: the weights {@code W_ih [G*H, I]}, {@code W_hh [G*H, H]} and the
 * two biases, drawn in that order from U(-1/sqrt(H), 1/sqrt(H)) with the config's seed.
 */
public abstract class GatedCell implements FusedCell {
    private final CellKind kind;
    private final Backend backend;
    private final DType dtype;
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    protected GatedCell(CellKind kind, CellConfig config) {
        this.kind = kind;
        this.backend = config.backend();
        this.dtype = config.dtype();
        this.inputSize = config.inputSize();
        this.hiddenSize = config.hiddenSize();
        int rows = kind.gates() * hiddenSize;
        double bound = Init.recurrentBound(hiddenSize);
        SplittableRandom random = new SplittableRandom(config.seed());
        String s = config.nameSuffix();
        weightIh = new Parameter("weight_ih" + s, Init.uniform(backend, dtype, Shape.of(rows, inputSize), bound, random));
        weightHh = new Parameter("weight_hh" + s, Init.uniform(backend, dtype, Shape.of(rows, hiddenSize), bound, random));
        biasIh = config.bias() ? new Parameter("bias_ih" + s, Init.uniform(backend, dtype, Shape.of(rows), bound, random)) : null;
        biasHh = config.bias() ? new Parameter("bias_hh" + s, Init.uniform(backend, dtype, Shape.of(rows), bound, random)) : null;
    }

    @Override
    public CellKind kind() {
        return kind;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
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
    public Parameter weightIh() {
        return weightIh;
    }

    @Override
    public Parameter weightHh() {
        return weightHh;
    }

    @Override
    public Parameter biasIh() {
        return biasIh;
    }

    @Override
    public Parameter biasHh() {
        return biasHh;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(List.of(weightIh, weightHh));
        if (biasIh != null) {
            list.add(biasIh);
            list.add(biasHh);
        }
        return List.copyOf(list);
    }

    /** The input projection {@code x W_ih^T + b_ih} [B, G*H], after checking x is [B, I]. */
    protected Variable projectInput(Variable x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".step: input x has shape " + x.shape()
                    + ", expected [B, " + inputSize + "]");
        }
        return Ops.linear(x, weightIh, biasIh);
    }

    /** The recurrent projection {@code h W_hh^T + b_hh} [B, G*H], after checking h is [B, H]. */
    protected Variable projectHidden(Variable h, int batch) {
        if (!h.shape().equals(Shape.of(batch, hiddenSize))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".step: state h has shape " + h.shape()
                    + ", expected " + Shape.of(batch, hiddenSize));
        }
        return Ops.linear(h, weightHh, biasHh);
    }

    /** Gate block {@code k} of a [B, G*H] variable. */
    protected Variable gate(Variable gates, int k) {
        return Ops.slice(gates, 1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize + ", bias=" + (biasIh != null) + ")";
    }
}
