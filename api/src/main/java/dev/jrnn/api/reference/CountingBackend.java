package dev.jrnn.api.reference;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The reference backend, counting what a model asks of it, to measure a {@link Workload}: run one
 * pass of a model on it, between {@link #reset()} and {@link #workload(String)}.
 *
 * <ul>
 * <li><b>ops</b>: every call the model makes through the {@link dev.jrnn.api.backend.Backend}
 *     interface counts as one, the fused ones ({@code lstmStep}, {@code recurrentForward},
 *     {@code linear}, ...) and the shorthands ({@code add}, {@code scale}) included; the calls a
 *     fused or composite method makes inside itself are not counted again, since a backend that
 *     overrides it makes them natively.</li>
 * <li><b>flops</b>: {@code 2 M N K} for every [M, K] x [K, N] matrix product, those inside fused
 *     methods included (the reference backend computes them with the same products any backend
 *     does).</li>
 * </ul>
 *
 * <p>It counts by being the tensors' owner rather than by wrapping another backend, because
 * differentiation calls the backend a tensor reports ({@code tensor.backend()}), and the tensors
 * made here report this backend. Counters are shared by all threads; what counts as nested is
 * tracked per thread.
 */
public final class CountingBackend extends ReferenceBackend {
    private final LongAdder ops = new LongAdder();
    private final LongAdder flops = new LongAdder();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    public CountingBackend() {
    }

    /** Backend calls counted since creation or the last {@link #reset()}. */
    public long ops() {
        return ops.sum();
    }

    /** Matrix-product flops counted since creation or the last {@link #reset()}. */
    public double flops() {
        return flops.sum();
    }

    /** Sets both counts to zero. */
    public void reset() {
        ops.reset();
        flops.reset();
    }

    /** The counts so far as a workload. */
    public Workload workload(String description) {
        return new Workload(description, ops(), flops());
    }

    private <T> T count(Supplier<T> call) {
        int[] d = depth.get();
        if (d[0]++ == 0) {
            ops.increment();
        }
        try {
            return call.get();
        } finally {
            d[0]--;
        }
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        return count(() -> super.fromArray(data, shape, dtype));
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        return count(() -> super.fromArray(data, shape));
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        return count(() -> super.zeros(shape, dtype));
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype) {
        return count(() -> super.full(shape, value, dtype));
    }

    @Override
    public Tensor scalar(double value, DType dtype) {
        return count(() -> super.scalar(value, dtype));
    }

    @Override
    public Tensor transfer(Tensor t) {
        return count(() -> super.transfer(t));
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        return count(() -> super.cast(t, dtype));
    }

    // ---------------------------------------------------------------- primitives

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        return count(() -> super.unary(op, x));
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return count(() -> super.binary(op, a, b));
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        return count(() -> super.reduce(op, x, axis));
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return count(() -> super.reshape(x, shape));
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        return count(() -> super.transpose(x, permutation));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        return count(() -> super.slice(x, axis, start, end));
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        return count(() -> super.concat(axis, parts));
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        return count(() -> super.expand(x, axis, count));
    }

    /** Counts {@code 2 M N K} flops whether called by the model or inside a fused method. */
    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        return count(() -> {
            Tensor out = super.matmul(a, transposeA, b, transposeB);
            long k = a.shape().dim(transposeA ? 0 : 1);
            flops.add(2L * out.shape().dim(0) * out.shape().dim(1) * k);
            return out;
        });
    }

    // ---------------------------------------------------------------- shorthands and composites

    @Override
    public Tensor neg(Tensor x) {
        return count(() -> super.neg(x));
    }

    @Override
    public Tensor exp(Tensor x) {
        return count(() -> super.exp(x));
    }

    @Override
    public Tensor log(Tensor x) {
        return count(() -> super.log(x));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return count(() -> super.tanh(x));
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return count(() -> super.sigmoid(x));
    }

    @Override
    public Tensor relu(Tensor x) {
        return count(() -> super.relu(x));
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return count(() -> super.sqrt(x));
    }

    @Override
    public Tensor abs(Tensor x) {
        return count(() -> super.abs(x));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return count(() -> super.add(a, b));
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return count(() -> super.sub(a, b));
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return count(() -> super.mul(a, b));
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return count(() -> super.div(a, b));
    }

    @Override
    public Tensor max(Tensor a, Tensor b) {
        return count(() -> super.max(a, b));
    }

    @Override
    public Tensor sum(Tensor x, int axis) {
        return count(() -> super.sum(x, axis));
    }

    @Override
    public Tensor max(Tensor x, int axis) {
        return count(() -> super.max(x, axis));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return count(() -> super.matmul(a, b));
    }

    @Override
    public Tensor scale(Tensor x, double s) {
        return count(() -> super.scale(x, s));
    }

    @Override
    public Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return count(() -> super.linear(x, weight, bias));
    }

    @Override
    public AdamStep adamStep(Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment, double beta1,
                             double beta2, double eps, double stepSize, double denominatorScale) {
        return count(() -> super.adamStep(value, grad, firstMoment, secondMoment, beta1, beta2, eps, stepSize,
                denominatorScale));
    }

    @Override
    public LstmStep lstmStep(Tensor inputProjection, Tensor h, Tensor c, Tensor recurrentWeight,
                             Tensor recurrentBias) {
        return count(() -> super.lstmStep(inputProjection, h, c, recurrentWeight, recurrentBias));
    }

    @Override
    public LstmStepGradient lstmStepBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext,
                                             Tensor recurrentWeight) {
        return count(() -> super.lstmStepBackward(dhNext, dcNext, gates, c, cNext, recurrentWeight));
    }

    @Override
    public GruStep gruStep(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return count(() -> super.gruStep(inputProjection, h, recurrentWeight, recurrentBias));
    }

    @Override
    public GruStepGradient gruStepBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h,
                                           Tensor recurrentWeight) {
        return count(() -> super.gruStepBackward(dhNext, gates, hiddenNew, h, recurrentWeight));
    }

    @Override
    public Tensor rnnStep(CellKind kind, Tensor inputProjection, Tensor h, Tensor recurrentWeight,
                          Tensor recurrentBias) {
        return count(() -> super.rnnStep(kind, inputProjection, h, recurrentWeight, recurrentBias));
    }

    @Override
    public RnnStepGradient rnnStepBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor recurrentWeight) {
        return count(() -> super.rnnStepBackward(kind, dhNext, hNext, recurrentWeight));
    }

    @Override
    public SequenceForward recurrentForward(CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                                            Tensor recurrentWeight, Tensor recurrentBias, int[] lengths,
                                            boolean reverse) {
        return count(() -> super.recurrentForward(kind, inputProjection, initialState, recurrentWeight,
                recurrentBias, lengths, reverse));
    }

    /**
     * Not counted: the reference takes no whole directions, so this returns empty and the layer's
     * projection and {@link #recurrentForward}, which it calls instead, are counted.
     */
    @Override
    public Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initialState,
                                                        Tensor inputWeight, Tensor inputBias, Tensor recurrentWeight,
                                                        Tensor recurrentBias, int[] lengths, boolean reverse) {
        return super.recurrentInference(kind, input, initialState, inputWeight, inputBias, recurrentWeight,
                recurrentBias, lengths, reverse);
    }

    @Override
    public SequenceGradient recurrentBackward(CellKind kind, SequenceForward forward, List<Tensor> initialState,
                                              Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState,
                                              int[] lengths, boolean reverse) {
        return count(() -> super.recurrentBackward(kind, forward, initialState, recurrentWeight, dOutput,
                dFinalState, lengths, reverse));
    }
}
