package dev.jrnn.conformance.cell;

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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * An Elman cell written with {@link Ops}, and variants of it that each carry one realistic bug,
 * with a kit over each, run by {@link CellKitCanFailTest} through the JUnit launcher. The kit
 * class names do not match the build's test patterns, so they never run alone.
 */
final class BrokenCells {
    private BrokenCells() {
    }

    /** {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}, PyTorch's names and U(-1/sqrt(H), 1/sqrt(H)) weights. */
    static class PlainCell implements Cell {
        final CellConfig config;
        final Parameter weightIh;
        final Parameter weightHh;
        final Parameter biasIh;
        final Parameter biasHh;

        PlainCell(CellConfig config) {
            this(config, config.nameSuffix(), new SplittableRandom(config.seed()));
        }

        PlainCell(CellConfig config, String suffix, SplittableRandom random) {
            this.config = config;
            int h = config.hiddenSize();
            weightIh = new Parameter("weight_ih" + suffix, uniform(config, Shape.of(h, config.inputSize()), random));
            weightHh = new Parameter("weight_hh" + suffix, uniform(config, Shape.of(h, h), random));
            biasIh = config.bias() ? new Parameter("bias_ih" + suffix, uniform(config, Shape.of(h), random)) : null;
            biasHh = config.bias() ? new Parameter("bias_hh" + suffix, uniform(config, Shape.of(h), random)) : null;
        }

        private static dev.jrnn.api.Tensor uniform(CellConfig config, Shape shape, SplittableRandom random) {
            double bound = 1.0 / Math.sqrt(config.hiddenSize());
            double[] data = new double[shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = random.nextDouble(-bound, bound);
            }
            return config.backend().fromArray(data, shape, config.dtype());
        }

        /** The pre-activation {@code x W_ih^T + b_ih + h W_hh^T + b_hh}. */
        Variable preActivation(Variable x, Variable h) {
            return Ops.add(Ops.linear(x, weightIh, biasIh), Ops.linear(h, weightHh, biasHh));
        }

        /** The hidden state the step reads. */
        Variable hidden(CellState state) {
            return state.h();
        }

        @Override
        public CellState step(Variable x, CellState state) {
            return CellState.of(Ops.tanh(preActivation(x, hidden(state))));
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
            List<Parameter> list = new ArrayList<>(List.of(weightIh, weightHh));
            if (biasIh != null) {
                list.add(biasIh);
                list.add(biasHh);
            }
            return list;
        }
    }

    /** Gradients: detaches the state it reads, so no gradient flows back through time. */
    static final class DetachedStateCell extends PlainCell {
        DetachedStateCell(CellConfig config) {
            super(config);
        }

        @Override
        Variable hidden(CellState state) {
            return state.h().detach();
        }
    }

    /** Names: forgets the layer suffix, so every layer and direction has the same names. */
    static final class UnsuffixedCell extends PlainCell {
        UnsuffixedCell(CellConfig config) {
            super(config, "", new SplittableRandom(config.seed()));
        }
    }

    /** State count: keeps (h, c) but does not override stateCount(), so layers carry h only. */
    static final class ForgottenStateCountCell extends PlainCell {
        ForgottenStateCountCell(CellConfig config) {
            super(config);
        }

        @Override
        public CellState step(Variable x, CellState state) {
            Variable c = state.size() > 1 ? state.get(1)
                    : Variable.constant(backend().zeros(state.h().shape(), dtype()));
            Variable cNext = Ops.add(Ops.scale(c, 0.5), Ops.tanh(preActivation(x, state.h())));
            return CellState.of(Ops.tanh(cNext), cNext);
        }
    }

    /** Batch independence: normalises the pre-activation over the batch axis instead of the features. */
    static final class BatchMeanCell extends PlainCell {
        BatchMeanCell(CellConfig config) {
            super(config);
        }

        @Override
        public CellState step(Variable x, CellState state) {
            Variable pre = preActivation(x, state.h());
            return CellState.of(Ops.tanh(Ops.sub(pre, Ops.scale(Ops.mean(pre, 0), 0.5))));
        }
    }

    /** Dtypes: writes {@code 1 - (1 - tanh)} with a constant made in FLOAT64 whatever the cell's dtype. */
    static final class HardCodedDoubleCell extends PlainCell {
        HardCodedDoubleCell(CellConfig config) {
            super(config);
        }

        @Override
        public CellState step(Variable x, CellState state) {
            Variable one = Variable.constant(backend().scalar(1.0, DType.FLOAT64));
            return CellState.of(Ops.sub(one, Ops.sub(one, Ops.tanh(preActivation(x, state.h())))));
        }
    }

    /** Seeding: draws its weights from an unseeded generator. */
    static final class UnseededCell extends PlainCell {
        UnseededCell(CellConfig config) {
            super(config, config.nameSuffix(), new SplittableRandom());
        }
    }

    /** Stacking: its input size is a static field, so the last cell made sets it for every cell. */
    static final class StaticInputSizeCell extends PlainCell {
        private static int inputSize;

        StaticInputSizeCell(CellConfig config) {
            super(config);
            inputSize = config.inputSize();
        }

        @Override
        public CellState step(Variable x, CellState state) {
            if (x.shape().dim(1) != inputSize) {
                throw new IllegalArgumentException("StaticInputSizeCell.step: x has shape " + x.shape()
                        + ", expected [B, " + inputSize + "]");
            }
            return super.step(x, state);
        }
    }

    /** Bidirectional layers: drops {@code _reverse} from its suffix, so both directions share names. */
    static final class ReverseDroppedCell extends PlainCell {
        ReverseDroppedCell(CellConfig config) {
            super(config, config.nameSuffix().replace("_reverse", ""), new SplittableRandom(config.seed()));
        }
    }

    /** Packed layers: scales its input to unit length, NaN on the zero padding past a sequence's end. */
    static final class UnitInputCell extends PlainCell {
        UnitInputCell(CellConfig config) {
            super(config);
        }

        @Override
        public CellState step(Variable x, CellState state) {
            Variable norm = Ops.sqrt(Ops.sum(Ops.mul(x, x), 1));
            Variable unit = Ops.div(x, Ops.transpose(Ops.expand(norm, 0, x.shape().dim(1)), 1, 0));
            return CellState.of(Ops.tanh(preActivation(unit, state.h())));
        }
    }

    /** State dict: uses b_hh but leaves it out of parameters(), so it is never saved. */
    static final class UnlistedBiasCell extends PlainCell {
        UnlistedBiasCell(CellConfig config) {
            super(config);
        }

        @Override
        public List<Parameter> parameters() {
            return biasIh == null ? List.of(weightIh, weightHh) : List.of(weightIh, weightHh, biasIh);
        }
    }

    /**
     * Streaming: starts from {@code h + 0.5} when its state is a leaf, meaning "the first step";
     * a streaming layer's carried state is a detached leaf too, so every chunk restarts.
     */
    static final class LeafStartCell extends PlainCell {
        LeafStartCell(CellConfig config) {
            super(config);
        }

        @Override
        Variable hidden(CellState state) {
            Variable h = state.h();
            return h.isLeaf() ? Ops.add(h, Variable.constant(backend().scalar(0.5, dtype()))) : h;
        }
    }

    /** Threads: keeps the step's pre-activation in a field between computing and using it. */
    static final class SharedFieldCell extends PlainCell {
        private Variable preActivation;

        SharedFieldCell(CellConfig config) {
            super(config);
        }

        @Override
        public CellState step(Variable x, CellState state) {
            preActivation = preActivation(x, hidden(state));
            Variable unused = Ops.tanh(Ops.linear(hidden(state), weightHh, biasHh));
            return CellState.of(Ops.tanh(preActivation));
        }
    }

    /** A provider of cells made by {@code make}. */
    record Provider(String name, Function<CellConfig, Cell> make) implements CellProvider {
        @Override
        public Cell create(CellConfig config) {
            return make.apply(config);
        }
    }

    static class PlainKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("plain", PlainCell::new);
        }
    }

    static class DetachedStateKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("detached-state", DetachedStateCell::new);
        }
    }

    static class UnsuffixedKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("unsuffixed", UnsuffixedCell::new);
        }
    }

    static class ForgottenStateCountKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("forgotten-state-count", ForgottenStateCountCell::new);
        }
    }

    static class BatchMeanKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("batch-mean", BatchMeanCell::new);
        }
    }

    static class HardCodedDoubleKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("hard-coded-double", HardCodedDoubleCell::new);
        }
    }

    static class UnseededKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("unseeded", UnseededCell::new);
        }
    }

    static class StaticInputSizeKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("static-input-size", StaticInputSizeCell::new);
        }
    }

    static class ReverseDroppedKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("reverse-dropped", ReverseDroppedCell::new);
        }
    }

    static class UnitInputKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("unit-input", UnitInputCell::new);
        }
    }

    static class UnlistedBiasKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("unlisted-bias", UnlistedBiasCell::new);
        }
    }

    static class SharedFieldKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("shared-field", SharedFieldCell::new);
        }
    }

    static class LeafStartKit extends CellCompatibilityKit {
        @Override
        protected CellProvider provider() {
            return new Provider("leaf-start", LeafStartCell::new);
        }
    }
}
