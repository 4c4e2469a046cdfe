package com.example.jrnn.mgu;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
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
 * The minimal gated unit (Zhou, Wu, Zhang and Zhou, 2016): a GRU with a single forget gate,
 *
 * <pre>
 *   f_t  = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
 *   n_t  = tanh(W_in x_t + b_in + W_hn (f_t * h_{t-1}) + b_hn)
 *   h_t  = (1 - f_t) * h_{t-1} + f_t * n_t
 * </pre>
 *
 * <p>Parameters follow PyTorch's layout for two gates, blocks (f, n) stacked along the rows:
 * {@code weight_ih [2H, I]}, {@code weight_hh [2H, H]}, {@code bias_ih [2H]}, {@code bias_hh [2H]},
 * each name followed by the config's suffix, drawn in that order from U(-1/sqrt(H), 1/sqrt(H)) with
 * the config's seed. Written with {@link Ops} only, so training needs no hand-written backward pass.
 */
public final class MguCell implements Cell {
    private final Backend backend;
    private final DType dtype;
    private final int inputSize;
    private final int hiddenSize;
    private final List<Parameter> parameters;

    public MguCell(CellConfig config) {
        this.backend = config.backend();
        this.dtype = config.dtype();
        this.inputSize = config.inputSize();
        this.hiddenSize = config.hiddenSize();
        SplittableRandom random = new SplittableRandom(config.seed());
        double bound = 1.0 / Math.sqrt(hiddenSize);
        String s = config.nameSuffix();
        List<Parameter> list = new ArrayList<>(4);
        list.add(new Parameter("weight_ih" + s, uniform(Shape.of(2 * hiddenSize, inputSize), bound, random)));
        list.add(new Parameter("weight_hh" + s, uniform(Shape.of(2 * hiddenSize, hiddenSize), bound, random)));
        if (config.bias()) {
            list.add(new Parameter("bias_ih" + s, uniform(Shape.of(2 * hiddenSize), bound, random)));
            list.add(new Parameter("bias_hh" + s, uniform(Shape.of(2 * hiddenSize), bound, random)));
        }
        this.parameters = List.copyOf(list);
    }

    @Override
    public CellState step(Variable x, CellState state) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inputSize) {
            throw new IllegalArgumentException("MguCell.step: input x has shape " + x.shape() + ", expected [B, "
                    + inputSize + "]");
        }
        Variable h = state.h();
        int batch = x.shape().dim(0);
        if (!h.shape().equals(Shape.of(batch, hiddenSize))) {
            throw new IllegalArgumentException("MguCell.step: state h has shape " + h.shape() + ", expected "
                    + Shape.of(batch, hiddenSize));
        }
        Variable input = Ops.linear(x, parameters.get(0), bias(2));
        Variable f = Ops.sigmoid(Ops.add(block(input, 0), Ops.linear(h, rows(parameters.get(1), 0), rows(bias(3), 0))));
        Variable n = Ops.tanh(Ops.add(block(input, 1),
                Ops.linear(Ops.mul(f, h), rows(parameters.get(1), 1), rows(bias(3), 1))));
        return CellState.of(Ops.add(h, Ops.mul(f, Ops.sub(n, h))));
    }

    /** Block {@code k} (0 = f, 1 = n) of a [B, 2H] variable. */
    private Variable block(Variable v, int k) {
        return Ops.slice(v, 1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    /** Rows of block {@code k} of a [2H, ...] parameter, or null for a missing bias. */
    private Variable rows(Variable p, int k) {
        return p == null ? null : Ops.slice(p, 0, k * hiddenSize, (k + 1) * hiddenSize);
    }

    private Parameter bias(int index) {
        return parameters.size() > index ? parameters.get(index) : null;
    }

    private Tensor uniform(Shape shape, double bound, SplittableRandom random) {
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble(-bound, bound);
        }
        return backend.fromArray(data, shape, dtype);
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
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return "MguCell(" + inputSize + ", " + hiddenSize + ", bias=" + (parameters.size() == 4) + ")";
    }
}
