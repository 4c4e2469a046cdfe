package dev.jrnn.backend.cuda;

import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.Checks;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The NVIDIA GPU backend: tensors in device memory from a caching allocator, every primitive one
 * or a few launches of the backend's own kernels, and fused recurrent steps and whole-sequence
 * recurrences ({@link CudaSteps}, {@link CudaRecurrence}). Ops queue work on the default stream and
 * return at once; reading a tensor ({@link Tensor#toDoubleArray()}) waits for it.
 *
 * <p>The movement primitives are the copies of {@link MovementOps}; this class holds creation,
 * elementwise ops, reductions and the matrix product. Transpose supports rank up to 8.
 */
public final class CudaBackend implements Backend {
    private final CudaContext context;
    private final CudaAllocator allocator;
    private final Launcher launcher;
    private final MemoryCounter memory = new MemoryCounter();
    private final MovementOps movement = new MovementOps(this);
    private final CudaSteps steps = new CudaSteps(this);
    private final CudaRecurrence recurrence = new CudaRecurrence(this);

    CudaBackend(CudaContext context) {
        this.context = context;
        this.allocator = new CudaAllocator(DeviceMemory.driver(context));
        this.launcher = new Launcher(context);
    }

    @Override
    public String name() {
        return CudaBackendProvider.NAME;
    }

    @Override
    public MemoryCounter memory() {
        return memory;
    }

    /** The device this backend runs on, e.g. {@code device 0: NVIDIA H100 80GB HBM3 (compute capability 9.0)}. */
    public String device() {
        return context.description();
    }

    /** Bytes of device memory held by the allocator: live tensors plus cached free blocks. */
    public long reservedBytes() {
        return allocator.reservedBytes();
    }

    /** Returns the allocator's cached free blocks to the driver (live tensors are untouched). */
    public void releaseCachedMemory() {
        context.bind();
        allocator.trim();
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor fromArray(double[] data, Shape shape, DType dtype) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, dtype);
        if (dtype == DType.FLOAT32) {
            float[] floats = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                floats[i] = (float) data[i];
            }
            return upload(Pointer.to(floats), shape, dtype);
        }
        return upload(Pointer.to(data), shape, dtype);
    }

    @Override
    public Tensor fromArray(float[] data, Shape shape) {
        Checks.data("fromArray", data == null ? -1 : data.length, shape, DType.FLOAT32);
        return upload(Pointer.to(data), shape, DType.FLOAT32);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        Checks.data("zeros", shape == null ? -1 : shape.size(), shape, dtype);
        CudaTensor t = allocate(shape, dtype);
        if (t.byteSize() > 0) {
            JCudaDriver.cuMemsetD8(t.pointer(), (byte) 0, t.byteSize());
        }
        return t;
    }

    /** A device-to-device copy when {@code t} is already on this backend, else the upload of its data. */
    @Override
    public Tensor transfer(Tensor t) {
        if (t != null && t.backend() == this) {
            Checks.owned(this, "transfer", "t", t);
            return copy((CudaTensor) t, t.shape());
        }
        return Backend.super.transfer(t);
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code out[i] = op(x[i])}. */
    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        CudaTensor in = (CudaTensor) x;
        CudaTensor out = allocate(x.shape(), x.dtype());
        launcher.launch(Kernel.UNARY, x.dtype(), x.size(), OpCodes.of(op), (long) x.size(), in.pointer(), out.pointer());
        return out;
    }

    /** {@code out[i] = op(a[i mod |a|], b[i mod |b|])}: a suffix or a one-element operand repeats. */
    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = Checks.opName(op);
        Checks.sameDtype(this, name, a, b);
        Shape shape = Checks.broadcast(name, a.shape(), b.shape());
        CudaTensor out = allocate(shape, a.dtype());
        launcher.launch(Kernel.BINARY, a.dtype(), shape.size(), OpCodes.of(op), (long) shape.size(),
                ((CudaTensor) a).pointer(), (long) a.size(), ((CudaTensor) b).pointer(), (long) b.size(), out.pointer());
        return out;
    }

    // ---------------------------------------------------------------- reductions, movement, matmul

    /** {@code out[o, i] = op over k of x[o, k, i]}, with o the axes before {@code axis} and i those after. */
    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int axis) {
        String name = Checks.opName(op);
        Checks.owned(this, name, "x", x);
        Shape shape = x.shape();
        int a = Checks.axis(name, shape, axis);
        CudaTensor out = allocate(shape.remove(a), x.dtype());
        reduceInto(op, (CudaTensor) x, shape.sizeBefore(a), shape.dim(a), shape.strides()[a], out.pointer());
        return out;
    }

    /** Reduces the [outer, n, inner] view of {@code x} over n into {@code out} ([outer, inner]). */
    void reduceInto(ReduceOp op, CudaTensor x, int outer, int n, int inner, CUdeviceptr out) {
        context.bind();
        if (outer == 0 || inner == 0) {
            return;
        }
        if (inner == 1) {
            launcher.launchGrid(Kernel.REDUCE_ROWS, x.dtype(), Math.min(outer, Launcher.MAX_GRID_Y), 1,
                    OpCodes.of(op), outer, n, x.pointer(), out);
        } else {
            launcher.launch(Kernel.REDUCE_AXIS, x.dtype(), (long) outer * inner, OpCodes.of(op), outer, n, inner,
                    x.pointer(), out);
        }
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        Checks.reshape(this, x, shape);
        return copy((CudaTensor) x, shape);
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        return movement.transpose(x, permutation);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        return movement.slice(x, axis, start, end);
    }

    @Override
    public Tensor concat(int axis, List<Tensor> parts) {
        return movement.concat(axis, parts);
    }

    @Override
    public Tensor expand(Tensor x, int axis, int count) {
        return movement.expand(x, axis, count);
    }

    /** {@code out[m, n] = sum_k op(a)[m, k] op(b)[k, n]} with the tiled GEMM kernel. */
    @Override
    public Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Checks.sameDtype(this, "matmul", a, b);
        Shape shape = Checks.matmul(a, transposeA, b, transposeB);
        CudaTensor out = allocate(shape, a.dtype());
        int k = a.shape().dim(transposeA ? 0 : 1);
        launcher.gemm(a.dtype(), transposeA, transposeB, shape.dim(0), shape.dim(1), k, 1.0, ((CudaTensor) a).pointer(),
                a.shape().dim(1), ((CudaTensor) b).pointer(), b.shape().dim(1), 0.0, out.pointer(), shape.dim(1));
        return out;
    }

    // ---------------------------------------------------------------- fused recurrent ops

    @Override
    public LstmStep lstmStep(Tensor inputProjection, Tensor h, Tensor c, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.lstm(inputProjection, h, c, recurrentWeight, recurrentBias);
    }

    @Override
    public LstmStepGradient lstmStepBackward(Tensor dhNext, Tensor dcNext, Tensor gates, Tensor c, Tensor cNext,
                                             Tensor recurrentWeight) {
        return steps.lstmBackward(dhNext, dcNext, gates, c, cNext, recurrentWeight);
    }

    @Override
    public GruStep gruStep(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.gru(inputProjection, h, recurrentWeight, recurrentBias);
    }

    @Override
    public GruStepGradient gruStepBackward(Tensor dhNext, Tensor gates, Tensor hiddenNew, Tensor h,
                                           Tensor recurrentWeight) {
        return steps.gruBackward(dhNext, gates, hiddenNew, h, recurrentWeight);
    }

    @Override
    public Tensor rnnStep(CellKind kind, Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor recurrentBias) {
        return steps.rnn(kind, inputProjection, h, recurrentWeight, recurrentBias);
    }

    @Override
    public RnnStepGradient rnnStepBackward(CellKind kind, Tensor dhNext, Tensor hNext, Tensor recurrentWeight) {
        return steps.rnnBackward(kind, dhNext, hNext, recurrentWeight);
    }

    @Override
    public SequenceForward recurrentForward(CellKind kind, Tensor inputProjection, List<Tensor> initialState,
                                            Tensor recurrentWeight, Tensor recurrentBias, int[] lengths,
                                            boolean reverse) {
        return recurrence.forward(kind, inputProjection, initialState, recurrentWeight, recurrentBias, lengths, reverse);
    }

    @Override
    public SequenceGradient recurrentBackward(CellKind kind, SequenceForward forward, List<Tensor> initialState,
                                              Tensor recurrentWeight, Tensor dOutput, List<Tensor> dFinalState,
                                              int[] lengths, boolean reverse) {
        return recurrence.backward(kind, forward, initialState, recurrentWeight, dOutput, dFinalState, lengths, reverse);
    }

    // ---------------------------------------------------------------- helpers for this package

    /** A new tensor with uninitialised device memory; binds the context to this thread. */
    CudaTensor allocate(Shape shape, DType dtype) {
        context.bind();
        return new CudaTensor(this, shape, dtype, allocator.acquire((long) shape.size() * dtype.byteSize()));
    }

    /** A new tensor of {@code shape} holding a device copy of {@code x}'s elements. */
    CudaTensor copy(CudaTensor x, Shape shape) {
        CudaTensor out = allocate(shape, x.dtype());
        copyBytes(out.pointer(), x.pointer(), x.byteSize());
        return out;
    }

    /** Queues a device-to-device copy of {@code bytes} bytes. */
    void copyBytes(CUdeviceptr destination, CUdeviceptr source, long bytes) {
        if (bytes > 0) {
            JCudaDriver.cuMemcpyDtoD(destination, source, bytes);
        }
    }

    CudaContext context() {
        return context;
    }

    CudaAllocator allocator() {
        return allocator;
    }

    Launcher launcher() {
        return launcher;
    }

    private CudaTensor upload(Pointer host, Shape shape, DType dtype) {
        CudaTensor t = allocate(shape, dtype);
        if (t.byteSize() > 0) {
            JCudaDriver.cuMemcpyHtoD(t.pointer(), host, t.byteSize());
        }
        return t;
    }

}
