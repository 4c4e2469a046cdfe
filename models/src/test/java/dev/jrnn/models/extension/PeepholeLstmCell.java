package dev.jrnn.models.extension;

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
import java.util.List;
import java.util.SplittableRandom;

/**
 * A third-party cell written against jrnn-api only: the peephole LSTM of Gers and Schmidhuber,
 * whose gates also see the cell state through diagonal weights {@code p}:
 * {@code i = sigmoid(z_i + p_i c)}, {@code f = sigmoid(z_f + p_f c)}, {@code g = tanh(z_g)},
 * {@code c' = f c + i g}, {@code o = sigmoid(z_o + p_o c')}, {@code h' = o tanh(c')}, with
 * {@code z = x W_ih^T + b_ih + h W_hh^T + b_hh} in PyTorch's gate order.
 */
public final class PeepholeLstmCell implements Cell {
    private final CellConfig config;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;
    private final Parameter peephole;

    /** Registered as {@code peephole_lstm}. */
    public static final class Provider implements CellProvider {
        @Override
        public String name() {
            return "peephole_lstm";
        }

        @Override
        public Cell create(CellConfig config) {
            return new PeepholeLstmCell(config);
        }
    }

    public PeepholeLstmCell(CellConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        SplittableRandom random = new SplittableRandom(config.seed());
        String s = config.nameSuffix();
        weightIh = uniform("weight_ih" + s, Shape.of(4 * h, config.inputSize()), random);
        weightHh = uniform("weight_hh" + s, Shape.of(4 * h, h), random);
        biasIh = uniform("bias_ih" + s, Shape.of(4 * h), random);
        biasHh = uniform("bias_hh" + s, Shape.of(4 * h), random);
        peephole = uniform("weight_peephole" + s, Shape.of(3, h), random);
    }

    private Parameter uniform(String name, Shape shape, SplittableRandom random) {
        double bound = 1.0 / Math.sqrt(config.hiddenSize());
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble(-bound, bound);
        }
        return new Parameter(name, config.backend().fromArray(v, shape, config.dtype()));
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
        return List.of(weightIh, weightHh, biasIh, biasHh, peephole);
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public CellState step(Variable x, CellState state) {
        int h = hiddenSize();
        Variable c = state.get(1);
        Variable z = Ops.add(Ops.linear(x, weightIh, biasIh), Ops.linear(state.h(), weightHh, biasHh));
        Variable i = Ops.sigmoid(Ops.add(Ops.slice(z, 1, 0, h), Ops.mul(peep(0), c)));
        Variable f = Ops.sigmoid(Ops.add(Ops.slice(z, 1, h, 2 * h), Ops.mul(peep(1), c)));
        Variable g = Ops.tanh(Ops.slice(z, 1, 2 * h, 3 * h));
        Variable cNext = Ops.add(Ops.mul(f, c), Ops.mul(i, g));
        Variable o = Ops.sigmoid(Ops.add(Ops.slice(z, 1, 3 * h, 4 * h), Ops.mul(peep(2), cNext)));
        return CellState.of(Ops.mul(o, Ops.tanh(cNext)), cNext);
    }

    /** Row {@code k} of the peephole weights, [H]. */
    private Variable peep(int k) {
        return Ops.reshape(Ops.slice(peephole, 0, k, k + 1), Shape.of(hiddenSize()));
    }
}
