package dev.jrnn.backend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.OptimizerDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.kernels.CpuKernels;
import java.util.List;
import java.util.Optional;
import org.ejml.data.ReshapeMatrix;

/**
 * The pure-Java CPU backend: tensors are EJML row-major matrices ({@link EjmlTensor}), products
 * run on the Vector API GEMM when the JVM has {@code jdk.incubator.vector}, else on EJML's kernels
 * (concurrent ones for large products; see {@link Gemm} and {@link Simd}), and the linear layer and the
 * recurrent steps and sequences are fused loops that match the composed definitions of
 * {@link dev.jrnn.api.fused.RecurrentDefaults}. Its settings ({@link EjmlSettings}) are read once,
 * when it is created.
 */
public final class EjmlBackend implements Backend {
    private final MemoryCounter memory = new MemoryCounter();
    private final FusedSteps steps = new FusedSteps(this);
    private final EjmlSettings settings;
    private final CpuKernels cpu;
    private final Gemm gemm;
    private final Kernels floats;
    private final Kernels doubles;

    /** A backend with the settings the system properties give now (see the README's settings table). */
    public EjmlBackend() {
        this(EjmlSettings.fromSystemProperties());
    }

    EjmlBackend(EjmlSettings settings) {
        this.settings = settings;
        this.cpu = CpuKernels.of(settings.cpu());
        VectorOps ops = Simd.ops(settings.cpu().vector());
        this.gemm = new Gemm(ops == null ? null : ops.tuned(settings.gemmDepth(), settings.gemmDirectColumns()), new Parallel(cpu.workers(), settings.parallelWork(),
                settings.sequenceWork(), BusyThreads.PROCESS),
                settings.concurrentWork());
        this.floats = new FloatKernels(gemm, cpu);
        this.doubles = new DoubleKernels(gemm, cpu);
    }

    /** {@code w}'s storage matrix transposed: kept on the tensor where the settings say so. */
    ReshapeMatrix transposed(Tensor w) {
        EjmlTensor t = ejml(w);
        Kernels k = kernels(w.dtype());
        return settings.weightCache() ? t.transposed(k) : k.transposed(t.matrix());
    }

    /** {@code w} packed as the right operand of many products: kept on the tensor where the settings say so. */
    PackedWeight packed(Tensor w) {
        EjmlTensor t = ejml(w);
        Kernels k = kernels(w.dtype());
        return settings.weightCache() ? t.packed(k) : k.pack(t.matrix());
    }

    /** {@code w^T} packed as the right operand of many products: kept on the tensor where the settings say so. */
    PackedWeight packedTransposed(Tensor w) {
        EjmlTensor t = ejml(w);
        Kernels k = kernels(w.dtype());
        return settings.weightCache() ? t.packedTransposed(k) : k.pack(k.transposed(t.matrix()));
    }

    /** The settings this backend was created with. */
    EjmlSettings settings() {
        return settings;
    }

    /** The shared CPU kernels its settings chose. */
    CpuKernels cpu() {
        return cpu;
    }

    /** The matrix products. */
    Gemm gemm() {
        return gemm;
    }

    /** The kernels of {@code dtype}. */
    Kernels kernels(DType dtype) {
        return dtype == DType.FLOAT32 ? floats : doubles;
    }

    @Override
    public String name() {
        return EjmlBackendProvider.NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        if (dtype == DType.FLOAT64) {
            return EjmlTensor.wrap(this, shape, data.clone());
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return EjmlTensor.wrap(this, shape, f);
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        return EjmlTensor.wrap(this, shape, data.clone());
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        return EjmlTensor.zeros(this, shape, dtype);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        return EjmlTensor.wrap(this, x.shape(), Elementwise.unary(op, ejml(x).data()));
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = Checks.opName(op);
        Checks.sameDtype(this, name, a, b);
        Shape shape = Checks.broadcast(name, a.shape(), b.shape());
        Object out = Elementwise.binary(op, ejml(a).data(), a.size(), ejml(b).data(), b.size(), shape.size(),
                gemm.ops());
        return EjmlTensor.wrap(this, shape, out);
    }

    // ---------------------------------------------------------------- reductions and movement

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        Shape shape = x.shape();
        int a = Checks.axis(name, shape, axis);
        Object out = Reductions.reduce(op, ejml(x).data(), shape.sizeBefore(a), shape.dim(a),
                shape.sizeAfter(a));
        return EjmlTensor.wrap(this, shape.remove(a), out);
    }

    /** Shares the storage: tensors are immutable, so the new shape is a view that owns nothing extra. */
    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        return EjmlTensor.wrap(this, shape, ejml(x).data());
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(this, "transpose", "x", x);
        if (permutation == null) {
            throw new IllegalArgumentException("transpose: permutation is null");
        }
        Shape out = Checks.transpose(x.shape(), permutation);
        Object data = ejml(x).data();
        if (x.rank() == 2 && permutation[0] == 1) {
            return EjmlTensor.wrap(this, out, Movement.transpose2d(data, x.shape().dim(0), x.shape().dim(1)));
        }
        return EjmlTensor.wrap(this, out, Movement.transpose(data, x.shape(), out, permutation));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(this, "slice", "x", x);
        Shape out = Checks.slice(x.shape(), axis, start, end);
        int a = x.shape().normalizeAxis(axis);
        Object data = Movement.slice(ejml(x).data(), x.shape().sizeBefore(a), x.shape().dim(a),
                x.shape().sizeAfter(a), start, end);
        return EjmlTensor.wrap(this, out, data);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        Shape out = Checks.concat(this, axis, parts);
        int a = out.normalizeAxis(axis);
        int inner = out.sizeAfter(a);
        Object[] arrays = new Object[parts.size()];
        int[] widths = new int[parts.size()];
        for (int p = 0; p < arrays.length; p++) {
            arrays[p] = ejml(parts.get(p)).data();
            widths[p] = parts.get(p).shape().dim(a) * inner;
        }
        return EjmlTensor.wrap(this, out, Movement.concat(arrays, widths, out.sizeBefore(a), out.size()));
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        Shape out = Checks.expand(this, x, axis, count);
        int inner = x.shape().sizeAfter(axis - 1);
        Object data = Movement.expand(ejml(x).data(), x.shape().sizeBefore(axis), inner, count);
        return EjmlTensor.wrap(this, out, data);
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        Shape out = Checks.matmul(a, transposeA, b, transposeB);
        EjmlTensor c = EjmlTensor.zeros(this, out, a.dtype());
        Kernels k = kernels(a.dtype());
        if (transposeB && !transposeA && out.dim(0) >= FusedSteps.TRANSPOSE_ROWS) {
            k.gemm(ejml(a).matrix(), false, transposed(b), false, c.matrix(), false);
        } else {
            k.gemm(ejml(a).matrix(), transposeA, ejml(b).matrix(), transposeB, c.matrix(), false);
        }
        return c;
    }

    // ---------------------------------------------------------------- fused composite ops

    @Override
    public Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return steps.linear(x, weight, bias);
    }

    @Override
    public AdamStep adamStep(Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment, double beta1,
                             double beta2, double eps, double stepSize, double denominatorScale) {
        OptimizerDefaults.checkAdam(this, value, grad, firstMoment, secondMoment);
        int n = value.size();
        Object p = ejml(value).data();
        Object g = ejml(grad).data();
        Object m = firstMoment == null ? null : ejml(firstMoment).data();
        Object v = secondMoment == null ? null : ejml(secondMoment).data();
        Object[] out;
        if (p instanceof float[] pf) {
            float[][] o = {new float[n], new float[n], new float[n]};
            FusedAdam.floats(pf, (float[]) g, (float[]) m, (float[]) v, beta1, beta2, eps, stepSize, denominatorScale, o,
                    gemm.ops());
            out = o;
        } else {
            double[][] o = {new double[n], new double[n], new double[n]};
            FusedAdam.doubles((double[]) p, (double[]) g, (double[]) m, (double[]) v, beta1, beta2, eps, stepSize,
                    denominatorScale, o);
            out = o;
        }
        Shape shape = value.shape();
        return new AdamStep(EjmlTensor.wrap(this, shape, out[0]), EjmlTensor.wrap(this, shape, out[1]),
                EjmlTensor.wrap(this, shape, out[2]));
    }

    @Override
    public LstmStep lstmStep(Tensor inputProjection, Tensor h, Tensor c, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.lstmStep(inputProjection, h, c, recurrentWeight, recurrentBias);
    }

    @Override
    public LstmStepGradient lstmStepBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext,
                                             Tensor recurrentWeight) {
        return steps.lstmStepBackward(dhNext, dcNext, gates, c, cNext, recurrentWeight);
    }

    @Override
    public GruStep gruStep(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.gruStep(inputProjection, h, recurrentWeight, recurrentBias);
    }

    @Override
    public GruStepGradient gruStepBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h,
                                           Tensor recurrentWeight) {
        return steps.gruStepBackward(dhNext, gates, hiddenNew, h, recurrentWeight);
    }

    @Override
    public Tensor rnnStep(CellKind kind, Tensor inputProjection, Tensor h, Tensor recurrentWeight,
                          Tensor recurrentBias) {
        return steps.rnnStep(kind, inputProjection, h, recurrentWeight, recurrentBias);
    }

    @Override
    public RnnStepGradient rnnStepBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor recurrentWeight) {
        return steps.rnnStepBackward(kind, dhNext, hNext, recurrentWeight);
    }

    @Override
    public SequenceForward recurrentForward(CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                                            Tensor recurrentWeight, Tensor recurrentBias, int[] lengths,
                                            boolean reverse) {
        return new SequenceForwardKernel(this, kind, inputProjection, initialState, recurrentWeight, recurrentBias,
                lengths).run(reverse);
    }

    /**
     * A FLOAT32 LSTM over full-length sequences of at least two rows on {@link SequenceInferenceKernel}
     * (where {@link EjmlSettings#inferenceKernel()} is on and the Vector API kernels run); the rest
     * declined, for the layer's projection and {@link #recurrentForward}.
     */
    @Override
    public Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initialState,
                                                        Tensor inputWeight, Tensor inputBias, Tensor recurrentWeight,
                                                        Tensor recurrentBias, int[] lengths, boolean reverse) {
        if (!settings.inferenceKernel()
                || !SequenceInferenceKernel.takes(this, kind, input, recurrentWeight, lengths)) {
            return Optional.empty();
        }
        return Optional.of(SequenceInferenceKernel.run(this, input, initialState, inputWeight, inputBias,
                recurrentWeight, recurrentBias, reverse));
    }

    @Override
    public SequenceGradient recurrentBackward(CellKind kind, SequenceForward forward, List<Tensor> initialState,
                                              Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState,
                                              int[] lengths, boolean reverse) {
        return new SequenceBackwardKernel(this, kind, forward, initialState, recurrentWeight, dOutput, dFinalState,
                lengths).run(reverse);
    }

    // ---------------------------------------------------------------- helpers

    /** A tensor already checked to belong to this backend. */
    static EjmlTensor ejml(Tensor t) {
        return (EjmlTensor) t;
    }

}
