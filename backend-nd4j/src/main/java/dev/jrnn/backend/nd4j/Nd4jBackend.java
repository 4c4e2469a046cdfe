package dev.jrnn.backend.nd4j;

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
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.kernels.CpuKernels;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ND4J backend: primitives on ND4J's native ops, matrix products and the fused recurrent
 * kernels on OpenBLAS through {@link Gemm}. Every result is a fresh packed 'c' array outside any
 * workspace; tensors with no elements are handled by {@code Nd4jEmpty}. Its settings
 * ({@link Nd4jSettings}) are read once, by {@link Nd4jBackendProvider#create()}.
 */
public final class Nd4jBackend implements Backend {
    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    private final MemoryCounter memory = new MemoryCounter();
    private final Nd4jOps ops = new Nd4jOps(this);
    private final Nd4jSteps steps = new Nd4jSteps(this);
    private final Nd4jSettings settings;
    private final CpuKernels cpu;
    private final Nd4jGates gates;
    private final boolean oneDnn;
    private final long rnnPrimitiveWork;

    /** A backend on natives already loaded ({@link Nd4jNatives#load}); loads oneDNN's where the settings want it. */
    Nd4jBackend(Nd4jSettings settings) {
        this.settings = settings;
        this.cpu = CpuKernels.of(settings.cpu());
        this.gates = new Nd4jGates(cpu);
        this.oneDnn = settings.oneDnnSgemm() && OneDnnSgemm.loaded();
        this.rnnPrimitiveWork = OneDnnSgemm.loaded() ? settings.rnnPrimitiveWork() : 0;
    }

    /** The settings this backend was created with. */
    Nd4jSettings settings() {
        return settings;
    }

    /** The shared CPU kernels its settings chose. */
    CpuKernels cpu() {
        return cpu;
    }

    /** The cells' gate math. */
    Nd4jGates gates() {
        return gates;
    }

    /** A GEMM for arrays of {@code type} as this backend's settings route it. */
    Gemm gemm(DataType type) {
        return Gemm.of(type, oneDnn, settings.oneDnnMatmul(), settings.oneDnnRows(), cpu.workers(),
                settings.stepMatmul());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    /** Wraps an array this backend owns from now on. */
    Nd4jTensor wrap(INDArray array, Shape shape, DType dtype) {
        return new Nd4jTensor(this, shape, dtype, shape.size() == 0 ? null : array);
    }

    /** The array of a tensor already checked to belong to this backend. */
    static INDArray array(Tensor t) {
        return ((Nd4jTensor) t).array();
    }

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        return wrap(shape.size() == 0 ? null : Nd4jArrays.of(data, shape, dtype), shape, dtype);
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        return wrap(shape.size() == 0 ? null : Nd4jArrays.of(data, shape), shape, DType.FLOAT32);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        return wrap(shape.size() == 0 ? null : Nd4jArrays.zeros(shape, dtype), shape, dtype);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        Checks.owned(this, Checks.opName(op), "x", x);
        return ops.unary(op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = Checks.opName(op);
        Checks.sameDtype(this, name, a, b);
        return ops.binary(op, a, b, Checks.broadcast(name, a.shape(), b.shape()));
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        return ops.reduce(op, x, Checks.axis(name, x.shape(), axis));
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        if (shape.size() == 0) {
            return wrap(null, shape, x.dtype());
        }
        if (shape.rank() == 0) {
            return wrap(Nd4jArrays.copy(array(x), shape), shape, x.dtype());
        }
        return ((Nd4jTensor) x).reshaped(this, shape);
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(this, "transpose", "x", x);
        return ops.transpose(x, permutation, Checks.transpose(x.shape(), permutation));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(this, "slice", "x", x);
        Shape out = Checks.slice(x.shape(), axis, start, end);
        return ops.slice(x, x.shape().normalizeAxis(axis), start, end, out);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        Shape out = Checks.concat(this, axis, parts);
        return ops.concat(out.normalizeAxis(axis), parts, out);
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        return ops.expand(x, axis, count, Checks.expand(this, x, axis, count));
    }

    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        return ops.matmul(a, transposeA, b, transposeB, Checks.matmul(a, transposeA, b, transposeB));
    }

    // ---------------------------------------------------------------- fused overrides

    @Override
    public Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return steps.linear(x, weight, bias);
    }

    @Override
    public LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.lstm(p, h, c, recurrentWeight, recurrentBias);
    }

    @Override
    public LstmStepGradient lstmStepBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext,
                                             Tensor recurrentWeight) {
        return steps.lstmBackward(dhNext, dcNext, gates, c, cNext, recurrentWeight);
    }

    @Override
    public GruStep gruStep(Tensor p, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.gru(p, h, recurrentWeight, recurrentBias);
    }

    @Override
    public GruStepGradient gruStepBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h,
                                           Tensor recurrentWeight) {
        return steps.gruBackward(dhNext, gates, hiddenNew, h, recurrentWeight);
    }

    @Override
    public Tensor rnnStep(CellKind kind, Tensor p, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.rnn(kind, p, h, recurrentWeight, recurrentBias);
    }

    @Override
    public RnnStepGradient rnnStepBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor recurrentWeight) {
        return steps.rnnBackward(kind, dhNext, hNext, recurrentWeight);
    }

    @Override
    public SequenceForward recurrentForward(CellKind kind, Tensor p, List<Tensor> initialState, Tensor recurrentWeight,
                                            Tensor recurrentBias, int[] lengths, boolean reverse) {
        return new Nd4jSequenceForward(this, kind, p, initialState, recurrentWeight, recurrentBias, lengths, reverse).run();
    }

    /**
     * A float32 LSTM direction of one batch row over its full length on the one-row recurrence in
     * Java ({@link Nd4jOneRowInference}, unless {@link Nd4jSettings#oneRowInference()} is off);
     * float32 LSTM directions of several rows over full-length sequences whose step product is below
     * {@link Nd4jSettings#javaInferenceWork()} on the shared sequence kernel in Java
     * ({@link Nd4jSequenceInference}); float32 LSTM and GRU directions over full-length sequences
     * whose step product is below {@link Nd4jSettings#rnnPrimitiveWork()} in one oneDNN primitive call
     * ({@link Nd4jRecurrentInference}); other LSTM directions over full-length sequences in the
     * backend's inference loop ({@link Nd4jLstmInference}, unless {@link Nd4jSettings#lstmInferenceLoop()}
     * is off); empty for the rest.
     */
    @Override
    public Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initialState,
                                                        Tensor inputWeight, Tensor inputBias, Tensor recurrentWeight,
                                                        Tensor recurrentBias, int[] lengths, boolean reverse) {
        if (settings.oneRowInference() && Nd4jOneRowInference.takes(kind, input, recurrentWeight, lengths)) {
            return Optional.of(new Nd4jOneRowInference(this, input, initialState, inputWeight, inputBias,
                    recurrentWeight, recurrentBias, reverse).run());
        }
        if (Nd4jSequenceInference.takes(kind, input, inputWeight, recurrentWeight, lengths,
                settings.javaInferenceWork())) {
            return Optional.of(new Nd4jSequenceInference(this, input, initialState, inputWeight, inputBias,
                    recurrentWeight, recurrentBias, reverse).run());
        }
        if (Nd4jRecurrentInference.takes(kind, input, recurrentWeight, lengths, rnnPrimitiveWork)) {
            Optional<SequenceForward> primitive = new Nd4jRecurrentInference(this, kind, input, initialState, inputWeight,
                    inputBias, recurrentWeight, recurrentBias, reverse).run();
            if (primitive.isPresent()) {
                return primitive;
            }
        }
        if (settings.lstmInferenceLoop() && Nd4jLstmInference.takes(kind, input, recurrentWeight, lengths)) {
            return Optional.of(new Nd4jLstmInference(this, input, initialState, inputWeight, inputBias, recurrentWeight,
                    recurrentBias, reverse).run());
        }
        return Optional.empty();
    }

    @Override
    public SequenceGradient recurrentBackward(CellKind kind, SequenceForward forward, List<Tensor> initialState,
                                              Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState,
                                              int[] lengths, boolean reverse) {
        return new Nd4jSequenceBackward(this, kind, forward, initialState, recurrentWeight, dOutput, dFinalState,
                lengths, reverse).run();
    }

    /** Adam's update in one pass over the buffers ({@link Nd4jAdam}), the composed default's numbers bit for bit. */
    @Override
    public AdamStep adamStep(Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment, double beta1,
                             double beta2, double eps, double stepSize, double denominatorScale) {
        return Nd4jAdam.step(this, value, grad, firstMoment, secondMoment, beta1, beta2, eps, stepSize,
                denominatorScale);
    }

    // ---------------------------------------------------------------- helpers

}
