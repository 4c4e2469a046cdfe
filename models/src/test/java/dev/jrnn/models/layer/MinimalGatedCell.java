package dev.jrnn.models.layer;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.models.cell.Init;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A third-party cell, as a user would write one: the minimal gated unit
 * {@code f = sigmoid(W_f [x, h] + b_f)}, {@code h~ = tanh(W_h [x, f h] + b_h)}, {@code h' = h + f (h~ - h)},
 * registered as {@code mgu_test} in the test resources.
 */
public final class MinimalGatedCell implements Cell {
    private final CellConfig config;
    private final Parameter forget;
    private final Parameter candidate;
    private final Parameter forgetBias;
    private final Parameter candidateBias;

    public MinimalGatedCell(CellConfig config) {
        this.config = config;
        int in = config.inputSize() + config.hiddenSize();
        int h = config.hiddenSize();
        SplittableRandom r = new SplittableRandom(config.seed());
        double bound = Init.recurrentBound(h);
        Backend be = config.backend();
        String s = config.nameSuffix();
        forget = new Parameter("weight_f" + s, Init.uniform(be, config.dtype(), Shape.of(h, in), bound, r));
        candidate = new Parameter("weight_h" + s, Init.uniform(be, config.dtype(), Shape.of(h, in), bound, r));
        forgetBias = new Parameter("bias_f" + s, Init.uniform(be, config.dtype(), Shape.of(h), bound, r));
        candidateBias = new Parameter("bias_h" + s, Init.uniform(be, config.dtype(), Shape.of(h), bound, r));
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public int hiddenSize() {
        return config.hiddenSize();
    }

    @Override
    public Backend backend() {
        return config.backend();
    }

    @Override
    public DType dtype() {
        return config.dtype();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(forget, candidate, forgetBias, candidateBias);
    }

    @Override
    public CellState step(Variable x, CellState state) {
        Variable h = state.h();
        Variable f = Ops.sigmoid(Ops.linear(Ops.concat(1, List.of(x, h)), forget, forgetBias));
        Variable c = Ops.tanh(Ops.linear(Ops.concat(1, List.of(x, Ops.mul(f, h))), candidate, candidateBias));
        return CellState.of(Ops.add(h, Ops.mul(f, Ops.sub(c, h))));
    }

    /** Registers the cell as {@code mgu_test}. */
    public static final class Provider implements CellProvider {
        @Override
        public String name() {
            return "mgu_test";
        }

        @Override
        public Cell create(CellConfig config) {
            return new MinimalGatedCell(config);
        }
    }
}
