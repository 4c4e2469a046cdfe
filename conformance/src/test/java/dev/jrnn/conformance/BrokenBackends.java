package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Availability;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BackendProvider;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.reference.ReferenceBackend;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * Deliberately wrong backends, one realistic bug each, and kits over them, run by
 * {@link KitCanFailTest} through the JUnit launcher. The kit class names do not match the build's
 * test patterns, so they never run alone.
 */
final class BrokenBackends {
    private BrokenBackends() {
    }

    // ------------------------------------------------------------------ the kits

    /** Families every planted-bug run covers; the slow ones and the provider's run only for the bugs aimed at them. */
    static final Set<OpFamily> FAST = EnumSet.complementOf(EnumSet.of(OpFamily.LEAKS, OpFamily.CONCURRENCY,
            OpFamily.PROVIDER));

    /** A kit over one broken backend that runs {@code families} and reports the others skipped. */
    abstract static class BrokenKit extends BackendCompatibilityKit {
        private final Supplier<Backend> backend;
        private final Set<OpFamily> families;

        BrokenKit(Supplier<Backend> backend, Set<OpFamily> families) {
            this.backend = backend;
            this.families = families;
        }

        @Override
        protected Backend backend() {
            return backend.get();
        }

        @Override
        protected Map<OpFamily, String> skipped() {
            Map<OpFamily, String> skip = new HashMap<>();
            for (OpFamily f : EnumSet.complementOf(EnumSet.copyOf(families))) {
                skip.put(f, "not under test in this planted-bug run");
            }
            return skip;
        }
    }

    static final class SigmoidOffKit extends BrokenKit {
        SigmoidOffKit() {
            super(SigmoidOff::new, FAST);
        }
    }

    static final class SwappedGatesKit extends BrokenKit {
        SwappedGatesKit() {
            super(SwappedGates::new, FAST);
        }
    }

    static final class NaiveSigmoidKit extends BrokenKit {
        NaiveSigmoidKit() {
            super(NaiveSigmoid::new, FAST);
        }
    }

    static final class ZeroSkippingMulKit extends BrokenKit {
        ZeroSkippingMulKit() {
            super(ZeroSkippingMul::new, FAST);
        }
    }

    static final class NanDroppingMaxKit extends BrokenKit {
        NanDroppingMaxKit() {
            super(NanDroppingMax::new, FAST);
        }
    }

    static final class SquareTransposedMatmulKit extends BrokenKit {
        SquareTransposedMatmulKit() {
            super(SquareTransposedMatmul::new, FAST);
        }
    }

    static final class MirroredAxisReduceKit extends BrokenKit {
        MirroredAxisReduceKit() {
            super(MirroredAxisReduce::new, FAST);
        }
    }

    static final class InPlaceLstmStepKit extends BrokenKit {
        InPlaceLstmStepKit() {
            super(InPlaceLstmStep::new, FAST);
        }
    }

    static final class ShallowMatmulKit extends BrokenKit {
        ShallowMatmulKit() {
            super(ShallowMatmul::new, FAST);
        }
    }

    static final class ZeroSkippingMatmulKit extends BrokenKit {
        ZeroSkippingMatmulKit() {
            super(ZeroSkippingMatmul::new, FAST);
        }
    }

    static final class ZeroSkippingLinearKit extends BrokenKit {
        ZeroSkippingLinearKit() {
            super(ZeroSkippingLinear::new, FAST);
        }
    }

    static final class SaturatingCastKit extends BrokenKit {
        SaturatingCastKit() {
            super(SaturatingCast::new, FAST);
        }
    }

    static final class ZeroSignTransposeKit extends BrokenKit {
        ZeroSignTransposeKit() {
            super(ZeroSignTranspose::new, FAST);
        }
    }

    static final class NaiveFusedLstmKit extends BrokenKit {
        NaiveFusedLstmKit() {
            super(NaiveFusedLstm::new, FAST);
        }
    }

    static final class BiasDroppingLinearKit extends BrokenKit {
        BiasDroppingLinearKit() {
            super(BiasDroppingLinear::new, FAST);
        }
    }

    static final class BatchOneLstmKit extends BrokenKit {
        BatchOneLstmKit() {
            super(BatchOneLstm::new, FAST);
        }
    }

    static final class SingleStepSequenceKit extends BrokenKit {
        SingleStepSequenceKit() {
            super(SingleStepSequence::new, FAST);
        }
    }

    static final class BiasDroppingInferenceKit extends BrokenKit {
        BiasDroppingInferenceKit() {
            super(BiasDroppingInference::new, FAST);
        }
    }

    static final class BatchOneInferenceBiasKit extends BrokenKit {
        BatchOneInferenceBiasKit() {
            super(BatchOneInferenceBias::new, FAST);
        }
    }

    static final class ScalarScaleKit extends BrokenKit {
        ScalarScaleKit() {
            super(ScalarScale::new, FAST);
        }
    }

    static final class SameShapeReshapeKit extends BrokenKit {
        SameShapeReshapeKit() {
            super(SameShapeReshape::new, FAST);
        }
    }

    static final class FullRangeSliceKit extends BrokenKit {
        FullRangeSliceKit() {
            super(FullRangeSlice::new, FAST);
        }
    }

    static final class DyingViewKit extends BrokenKit {
        DyingViewKit() {
            super(DyingView::new, FAST);
        }
    }

    static final class KeepsCallerArrayKit extends BrokenKit {
        KeepsCallerArrayKit() {
            super(KeepsCallerArray::new, FAST);
        }
    }

    static final class SharedReadBackKit extends BrokenKit {
        SharedReadBackKit() {
            super(SharedReadBack::new, FAST);
        }
    }

    static final class CachedZerosKit extends BrokenKit {
        CachedZerosKit() {
            super(CachedZeros::new, FAST);
        }
    }

    static final class UnroundedFloat32Kit extends BrokenKit {
        UnroundedFloat32Kit() {
            super(UnroundedFloat32::new, FAST);
        }
    }

    static final class ModifiesInputKit extends BrokenKit {
        ModifiesInputKit() {
            super(ModifiesInput::new, FAST);
        }
    }

    static final class DelegatingKit extends BrokenKit {
        DelegatingKit() {
            super(DelegatingBackend::new, FAST);
        }
    }

    static final class HeapRetainingKit extends BrokenKit {
        HeapRetainingKit() {
            super(HeapRetaining::new, EnumSet.of(OpFamily.LEAKS, OpFamily.MEMORY));
        }
    }

    static final class NativeRetainingKit extends BrokenKit {
        NativeRetainingKit() {
            super(NativeRetaining::new, EnumSet.of(OpFamily.LEAKS, OpFamily.MEMORY));
        }
    }

    static final class SharedScratchKit extends BrokenKit {
        SharedScratchKit() {
            super(SharedScratch::new, EnumSet.of(OpFamily.CONCURRENCY, OpFamily.ELEMENTWISE));
        }
    }

    static final class PlantedKit extends BrokenKit {
        PlantedKit() {
            super(PlantedBackend::new, EnumSet.of(OpFamily.PROVIDER));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** {@code x}'s values, computed by {@code f} one by one in {@code x}'s precision, as a new tensor of {@code be}. */
    static Tensor map(Backend be, Tensor x, DoubleUnaryOperator f) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = x.dtype() == DType.FLOAT32 ? (float) f.applyAsDouble((float) v[i]) : f.applyAsDouble(v[i]);
        }
        return be.fromArray(v, x.shape(), x.dtype());
    }

    /** e^x / (1 + e^x): overflows to Inf / Inf = NaN for large x, in float32 from 88.7 on. */
    static double naiveSigmoid(double x, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float e = (float) Math.exp(x);
            return e / (1.0f + e);
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    // ------------------------------------------------------------------ elementwise and edge values

    /** Its sigmoid is off by 1e-3, a bug both dtypes can see. */
    static final class SigmoidOff extends ReferenceBackend {
        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            Tensor y = super.unary(op, x);
            if (op != UnaryOp.SIGMOID) {
                return y;
            }
            try (Tensor offset = scalar(1e-3, x.dtype())) {
                return super.binary(BinaryOp.ADD, y, offset);
            }
        }
    }

    /** Its sigmoid is {@code e^x / (1 + e^x)}, computed in the tensor's precision. */
    static final class NaiveSigmoid extends ReferenceBackend {
        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            if (op != UnaryOp.SIGMOID) {
                return super.unary(op, x);
            }
            Checks.owned(this, "sigmoid", "x", x);
            return map(this, x, v -> naiveSigmoid(v, x.dtype()));
        }
    }

    /** Its product skips zeros: 0 * Inf gives 0 instead of NaN. */
    static final class ZeroSkippingMul extends ReferenceBackend {
        @Override
        public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
            Tensor r = super.binary(op, a, b);
            if (op != BinaryOp.MUL) {
                return r;
            }
            double[] x = a.toDoubleArray();
            double[] y = b.toDoubleArray();
            double[] out = r.toDoubleArray();
            for (int i = 0; i < out.length; i++) {
                if (x[i % x.length] == 0.0 || y[i % y.length] == 0.0) {
                    out[i] = 0.0;
                }
            }
            return fromArray(out, r.shape(), r.dtype());
        }
    }

    /** Its max reduction keeps the running max with {@code v > acc}, so NaN never wins. */
    static final class NanDroppingMax extends ReferenceBackend {
        @Override
        public Tensor reduce(ReduceOp op, Tensor x, int axis) {
            Tensor r = super.reduce(op, x, axis);
            if (op != ReduceOp.MAX) {
                return r;
            }
            Shape s = x.shape();
            int a = s.normalizeAxis(axis);
            int n = s.dim(a);
            int inner = s.strides()[a];
            int outer = s.sizeBefore(a);
            double[] in = x.toDoubleArray();
            double[] out = new double[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    double acc = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < n; k++) {
                        double v = in[(o * n + k) * inner + i];
                        if (v > acc) {
                            acc = v;
                        }
                    }
                    out[o * inner + i] = acc;
                }
            }
            return fromArray(out, r.shape(), r.dtype());
        }
    }

    /**
     * Its product of a square right operand of 6x6 or more (a kernel for square weights) reads that
     * operand with the transpose flag inverted: every shape stays valid, only the values are wrong.
     */
    static final class SquareTransposedMatmul extends ReferenceBackend {
        @Override
        public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
            boolean square = b.rank() == 2 && b.shape().dim(0) == b.shape().dim(1) && b.shape().dim(0) >= 6;
            return super.matmul(a, transposeA, b, square != transposeB);
        }
    }

    /**
     * Its reduction of a tensor whose axes all have the same size, 4 or more, runs along the mirrored
     * axis ({@code rank - 1 - axis}): the result has the right shape and the wrong values.
     */
    static final class MirroredAxisReduce extends ReferenceBackend {
        @Override
        public Tensor reduce(ReduceOp op, Tensor x, int axis) {
            int[] dims = x.shape().dims();
            boolean cube = dims.length >= 2 && dims[0] >= 4 && java.util.Arrays.stream(dims).allMatch(d -> d == dims[0]);
            return super.reduce(op, x, cube ? dims.length - 1 - x.shape().normalizeAxis(axis) : axis);
        }
    }

    /** Its matrix product skips the zeros of the left operand, so 0 * Inf never becomes NaN. */
    static final class ZeroSkippingMatmul extends ReferenceBackend {
        @Override
        public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
            Tensor r = super.matmul(a, transposeA, b, transposeB);
            int m = r.shape().dim(0);
            int n = r.shape().dim(1);
            int k = a.shape().dim(transposeA ? 0 : 1);
            int aCols = a.shape().dim(1);
            int bCols = b.shape().dim(1);
            double[] x = a.toDoubleArray();
            double[] y = b.toDoubleArray();
            double[] out = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double av = transposeA ? x[p * aCols + i] : x[i * aCols + p];
                    if (av == 0.0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        out[i * n + j] += av * (transposeB ? y[j * bCols + p] : y[p * bCols + j]);
                    }
                }
            }
            return fromArray(out, r.shape(), r.dtype());
        }
    }

    /** Its fused linear layer skips zero inputs, so 0 * Inf in x W^T never becomes NaN. */
    static final class ZeroSkippingLinear extends ReferenceBackend {
        @Override
        public Tensor linear(Tensor x, Tensor weight, Tensor bias) {
            Tensor r = RecurrentDefaults.linear(this, x, weight, bias);
            int rows = x.shape().dim(0);
            int in = x.shape().dim(1);
            int out = weight.shape().dim(0);
            double[] xv = x.toDoubleArray();
            double[] w = weight.toDoubleArray();
            double[] b = bias == null ? new double[out] : bias.toDoubleArray();
            double[] y = new double[rows * out];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < out; o++) {
                    double acc = b[o];
                    for (int p = 0; p < in; p++) {
                        if (xv[i * in + p] != 0.0) {
                            acc += xv[i * in + p] * w[o * in + p];
                        }
                    }
                    y[i * out + o] = acc;
                }
            }
            return fromArray(y, r.shape(), r.dtype());
        }
    }

    /** Its cast to FLOAT32 saturates at the largest float instead of overflowing to infinity. */
    static final class SaturatingCast extends ReferenceBackend {
        @Override
        public Tensor cast(Tensor t, DType dtype) {
            if (dtype != DType.FLOAT32) {
                return super.cast(t, dtype);
            }
            double[] v = t.toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v[i]));
            }
            return fromArray(v, t.shape(), dtype);
        }
    }

    /** Its transpose goes through an addition of zero, which turns -0 into +0. */
    static final class ZeroSignTranspose extends ReferenceBackend {
        @Override
        public Tensor transpose(Tensor x, int... permutation) {
            try (Tensor t = super.transpose(x, permutation); Tensor zero = zeros(Shape.scalar(), x.dtype())) {
                return super.binary(BinaryOp.ADD, t, zero);
            }
        }
    }

    // ------------------------------------------------------------------ composites

    /** Its fused lstmStep override swaps the input and forget gates; every primitive is right. */
    static final class SwappedGates extends ReferenceBackend {
        @Override
        public LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
            int hs = h.shape().dim(1);
            try (Tensor i = slice(p, 1, 0, hs);
                 Tensor f = slice(p, 1, hs, 2 * hs);
                 Tensor rest = slice(p, 1, 2 * hs, 4 * hs);
                 Tensor swapped = concat(1, List.of(f, i, rest))) {
                return RecurrentDefaults.lstmStep(this, swapped, h, c, w, b);
            }
        }
    }

    /** Its fused lstmStep has a sigmoid of its own, {@code e^x / (1 + e^x)}; the primitive sigmoid is right. */
    static final class NaiveFusedLstm extends ReferenceBackend {
        private final ThreadLocal<Boolean> fused = ThreadLocal.withInitial(() -> false);

        @Override
        public LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
            fused.set(true);
            try {
                return RecurrentDefaults.lstmStep(this, p, h, c, w, b);
            } finally {
                fused.set(false);
            }
        }

        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            if (op == UnaryOp.SIGMOID && fused.get()) {
                return map(this, x, v -> naiveSigmoid(v, x.dtype()));
            }
            return super.unary(op, x);
        }
    }

    /** Its fused linear drops the bias when the batch has one row. */
    static final class BiasDroppingLinear extends ReferenceBackend {
        @Override
        public Tensor linear(Tensor x, Tensor weight, Tensor bias) {
            return RecurrentDefaults.linear(this, x, weight, x.shape().dim(0) == 1 ? null : bias);
        }
    }

    /** Its fused lstmStep forgets the cell state when the batch has one row. */
    static final class BatchOneLstm extends ReferenceBackend {
        @Override
        public LstmStep lstmStep(Tensor p, Tensor h, Tensor c, Tensor w, Tensor b) {
            if (h.shape().dim(0) != 1) {
                return super.lstmStep(p, h, c, w, b);
            }
            try (Tensor zero = zeros(c.shape(), c.dtype())) {
                return RecurrentDefaults.lstmStep(this, p, h, zero, w, b);
            }
        }
    }

    /** Its whole-sequence kernel returns the initial state as the final state of a one-step sequence. */
    static final class SingleStepSequence extends ReferenceBackend {
        @Override
        public SequenceForward recurrentForward(CellKind kind, Tensor p, List<Tensor> initial, Tensor w, Tensor b,
                                                int[] lengths, boolean reverse) {
            SequenceForward f = super.recurrentForward(kind, p, initial, w, b, lengths, reverse);
            if (p.shape().dim(0) != 1) {
                return f;
            }
            return new SequenceForward(f.output(), initial.stream().map(this::transfer).toList(), f.saved());
        }
    }

    /** Its whole-direction inference leaves the input bias out of the projection. */
    static final class BiasDroppingInference extends ReferenceBackend {
        @Override
        public Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initial,
                                                            Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh,
                                                            int[] lengths, boolean reverse) {
            return Optional.of(RecurrentDefaults.sequenceInference(this, kind, input, initial, wIh, null, wHh, bHh,
                    lengths, reverse));
        }
    }

    /** Its whole-direction inference leaves the input bias out at batch 1 only (a one-row fast path). */
    static final class BatchOneInferenceBias extends ReferenceBackend {
        @Override
        public Optional<SequenceForward> recurrentInference(CellKind kind, Tensor input, List<Tensor> initial,
                                                            Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh,
                                                            int[] lengths, boolean reverse) {
            Tensor bias = input.shape().dim(1) == 1 ? null : bIh;
            return Optional.of(RecurrentDefaults.sequenceInference(this, kind, input, initial, wIh, bias, wHh, bHh,
                    lengths, reverse));
        }
    }

    /** Its scale leaves a rank-0 tensor unscaled. */
    static final class ScalarScale extends ReferenceBackend {
        @Override
        public Tensor scale(Tensor x, double s) {
            return x.rank() == 0 ? transfer(x) : super.scale(x, s);
        }
    }

    // ------------------------------------------------------------------ ownership

    /** Its reshape to the same shape returns the input object. */
    static final class SameShapeReshape extends ReferenceBackend {
        @Override
        public Tensor reshape(Tensor x, Shape shape) {
            return x.shape().equals(shape) ? x : super.reshape(x, shape);
        }
    }

    /** Its slice of a whole axis of a matrix returns the input object. */
    static final class FullRangeSlice extends ReferenceBackend {
        @Override
        public Tensor slice(Tensor x, int axis, int start, int end) {
            Checks.owned(this, "slice", "x", x);
            Checks.slice(x.shape(), axis, start, end);
            boolean whole = x.rank() == 2 && start == 0 && end == x.shape().dim(x.shape().normalizeAxis(axis));
            return whole ? x : super.slice(x, axis, start, end);
        }
    }

    /**
     * Its reshape is a view on the input's storage, and closing a tensor frees its storage (here:
     * fills it with NaN, as freed memory would hold anything), so a reshape dies with its input.
     */
    static final class DyingView extends DelegatingBackend {
        @Override
        Tensor box(Shape shape, DType dtype, double[] data) {
            return new FreeingBox(this, shape, dtype, data);
        }

        @Override
        public Tensor reshape(Tensor x, Shape shape) {
            Checks.reshape(this, x, shape);
            return box(shape, x.dtype(), storage("reshape", "x", x));
        }

        static final class FreeingBox extends Box {
            FreeingBox(DelegatingBackend backend, Shape shape, DType dtype, double[] storage) {
                super(backend, shape, dtype, storage);
            }

            @Override
            protected void release() {
                Arrays.fill(storage, Double.NaN);
                super.release();
            }
        }
    }

    /** Its fromArray(double[]) keeps the caller's array as the tensor's storage. */
    static final class KeepsCallerArray extends DelegatingBackend {
        @Override
        public Tensor fromArray(double[] data, Shape shape, DType dtype) {
            Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
            if (dtype == DType.FLOAT32) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) data[i];
                }
            }
            return box(shape, dtype, data);
        }
    }

    /** Its toDoubleArray hands out the storage itself. */
    static final class SharedReadBack extends DelegatingBackend {
        @Override
        Tensor box(Shape shape, DType dtype, double[] data) {
            return new Box(this, shape, dtype, data) {
                @Override
                public double[] toDoubleArray() {
                    return data();
                }
            };
        }
    }

    /** Its zeros hands out one cached tensor per shape and dtype while it is open. */
    static final class CachedZeros extends ReferenceBackend {
        private final Map<String, Tensor> cache = new HashMap<>();

        @Override
        public synchronized Tensor zeros(Shape shape, DType dtype) {
            Tensor cached = cache.get(shape + " " + dtype);
            if (cached == null || cached.isClosed()) {
                cached = super.zeros(shape, dtype);
                cache.put(shape + " " + dtype, cached);
            }
            return cached;
        }
    }

    /** Its FLOAT32 tensors made by fromArray hold the doubles unrounded. */
    static final class UnroundedFloat32 extends DelegatingBackend {
        @Override
        public Tensor fromArray(double[] data, Shape shape, DType dtype) {
            Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
            return box(shape, dtype, data.clone());
        }
    }

    /** Its fused lstmStep writes the new cell state over its input {@code c}; its results are right. */
    static final class InPlaceLstmStep extends DelegatingBackend {
        @Override
        public LstmStep lstmStep(Tensor inputProjection, Tensor h, Tensor c, Tensor recurrentWeight,
                                 Tensor recurrentBias) {
            LstmStep step = super.lstmStep(inputProjection, h, c, recurrentWeight, recurrentBias);
            double[] cell = storage("lstmStep", "c", c);
            System.arraycopy(storage("lstmStep", "c'", step.c()), 0, cell, 0, cell.length);
            return step;
        }
    }

    /**
     * Its matrix product stops at a depth of 512 (the first block of a blocked kernel, the rest of
     * the inner dimension forgotten).
     */
    static final class ShallowMatmul extends ReferenceBackend {
        @Override
        public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
            int depth = a.shape().dim(transposeA ? 0 : 1);
            if (depth <= 512) {
                return super.matmul(a, transposeA, b, transposeB);
            }
            Tensor a512 = slice(a, transposeA ? 0 : 1, 0, 512);
            Tensor b512 = slice(b, transposeB ? 1 : 0, 0, 512);
            return super.matmul(a512, transposeA, b512, transposeB);
        }
    }

    /** Its tanh writes the result over its input as well. */
    static final class ModifiesInput extends DelegatingBackend {
        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            Tensor y = super.unary(op, x);
            if (op == UnaryOp.TANH) {
                double[] in = storage("tanh", "x", x);
                System.arraycopy(storage("tanh", "y", y), 0, in, 0, in.length);
            }
            return y;
        }
    }

    // ------------------------------------------------------------------ leaks and threads

    /** Keeps a copy of every result on the heap forever; its memory counter still goes down on close. */
    static final class HeapRetaining extends ReferenceBackend {
        static final List<double[]> KEPT = new ArrayList<>();

        private Tensor keep(Tensor t) {
            synchronized (KEPT) {
                KEPT.add(t.toDoubleArray());
            }
            return t;
        }

        @Override
        public Tensor fromArray(double[] data, Shape shape, DType dtype) {
            return keep(super.fromArray(data, shape, dtype));
        }

        @Override
        public Tensor zeros(Shape shape, DType dtype) {
            return keep(super.zeros(shape, dtype));
        }

        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            return keep(super.unary(op, x));
        }

        @Override
        public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
            return keep(super.binary(op, a, b));
        }

        @Override
        public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
            return keep(super.matmul(a, transposeA, b, transposeB));
        }

        @Override
        public Tensor transpose(Tensor x, int... permutation) {
            return keep(super.transpose(x, permutation));
        }

        @Override
        public Tensor concat(int axis, List<Tensor> parts) {
            return keep(super.concat(axis, parts));
        }
    }

    /** Keeps a native copy of every result forever (memory it allocates and never frees). */
    static final class NativeRetaining extends ReferenceBackend {
        static final List<Long> ADDRESSES = new ArrayList<>();

        private Tensor keep(Tensor t) {
            long bytes = (long) t.size() * t.dtype().byteSize();
            if (bytes > 0) {
                long address = Unsafe.allocate(bytes);
                synchronized (ADDRESSES) {
                    ADDRESSES.add(address);
                }
            }
            return t;
        }

        /** Frees what the instances leaked, once a test has seen the leak. */
        static void freeAll() {
            synchronized (ADDRESSES) {
                ADDRESSES.forEach(Unsafe::free);
                ADDRESSES.clear();
            }
        }

        @Override
        public Tensor fromArray(double[] data, Shape shape, DType dtype) {
            return keep(super.fromArray(data, shape, dtype));
        }

        @Override
        public Tensor zeros(Shape shape, DType dtype) {
            return keep(super.zeros(shape, dtype));
        }

        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            return keep(super.unary(op, x));
        }

        @Override
        public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
            return keep(super.binary(op, a, b));
        }

        @Override
        public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
            return keep(super.matmul(a, transposeA, b, transposeB));
        }

        @Override
        public Tensor transpose(Tensor x, int... permutation) {
            return keep(super.transpose(x, permutation));
        }

        @Override
        public Tensor concat(int axis, List<Tensor> parts) {
            return keep(super.concat(axis, parts));
        }
    }

    /** Native memory through {@code sun.misc.Unsafe}, touched so that it is resident. */
    static final class Unsafe {
        private static final Object UNSAFE;
        private static final Method ALLOCATE;
        private static final Method SET;
        private static final Method FREE;

        static {
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                UNSAFE = f.get(null);
                ALLOCATE = c.getMethod("allocateMemory", long.class);
                SET = c.getMethod("setMemory", long.class, long.class, byte.class);
                FREE = c.getMethod("freeMemory", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Unsafe() {
        }

        static long allocate(long bytes) {
            try {
                long address = (long) ALLOCATE.invoke(UNSAFE, bytes);
                SET.invoke(UNSAFE, address, bytes, (byte) 1);
                return address;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        static void free(long address) {
            try {
                FREE.invoke(UNSAFE, address);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Its unary ops compute into one scratch array shared by every call, wrong as soon as two threads call. */
    static final class SharedScratch extends ReferenceBackend {
        private static double[] scratch = new double[0];

        @Override
        public Tensor unary(UnaryOp op, Tensor x) {
            Checks.owned(this, Checks.opName(op), "x", x);
            double[] in = x.toDoubleArray();
            if (scratch.length < in.length) {
                scratch = new double[in.length];
            }
            double[] s = scratch;
            for (int i = 0; i < in.length; i++) {
                s[i] = op.apply(in[i]);
            }
            return fromArray(Arrays.copyOf(s, in.length), x.shape(), x.dtype());
        }
    }

    // ------------------------------------------------------------------ providers

    /** The reference math under the name {@code planted}, with providers right and wrong. */
    static final class PlantedBackend extends ReferenceBackend {
        static final String NAME = "planted";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** A correct provider of {@link PlantedBackend}. */
    public static class PlantedProvider implements BackendProvider {
        public PlantedProvider() {
        }

        @Override
        public String name() {
            return PlantedBackend.NAME;
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Availability availability() {
            return Availability.available("plain Java");
        }

        @Override
        public Backend create() {
            return new PlantedBackend();
        }
    }

    /** Its constructor throws, so ServiceLoader cannot make it. */
    public static final class ThrowingConstructorProvider extends PlantedProvider {
        public ThrowingConstructorProvider() {
            throw new IllegalStateException("native library libplanted.so is missing");
        }
    }

    /** Named otherwise than its backend. */
    public static final class MisnamedProvider extends PlantedProvider {
        @Override
        public String name() {
            return "plant";
        }
    }

    /** Its availability() throws instead of reporting unavailable. */
    public static final class ThrowingAvailabilityProvider extends PlantedProvider {
        @Override
        public Availability availability() {
            throw new IllegalStateException("driver probe crashed");
        }
    }

    /** Its create() gives a backend of another class. */
    public static final class WrongBackendProvider extends PlantedProvider {
        @Override
        public Backend create() {
            return new ReferenceBackend();
        }
    }
}
