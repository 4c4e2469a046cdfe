package dev.jrnn.backend.nd4j;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.kernels.LstmSequenceInference;
import dev.jrnn.kernels.RowProduct;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor stored in an ND4J {@link INDArray}: 'c'-ordered, packed and outside any workspace. The
 * native buffer belongs to this tensor and its reshapes, which share it (tensors are never written
 * after they are made); closing the last of them frees the buffer at once (or hands it to
 * {@link Nd4jPool} for reuse); a tensor reclaimed by the garbage collector unclosed gives its
 * reference up then.
 */
public final class Nd4jTensor extends AbstractTensor {
    private INDArray array;
    private Storage storage;
    private final Map<Derived, INDArray> derived = new EnumMap<>(Derived.class);
    /** The row product whose layout {@link #rowPacked} holds, or null before the first. */
    private RowProduct packedBy;
    private float[] rowPacked;
    /** The row product and input weight whose stacked pair {@link #stacked} holds, or null before the first. */
    private RowProduct stackedBy;
    private Nd4jTensor stackedWith;
    private float[] stacked;

    /** Wraps {@code array}, which must be packed, 'c'-ordered and not shared; null for an empty shape. */
    Nd4jTensor(Nd4jBackend backend, Shape shape, DType dtype, INDArray array) {
        this(backend, shape, dtype, array, array == null ? null : new Storage(array));
    }

    private Nd4jTensor(Nd4jBackend backend, Shape shape, DType dtype, INDArray array, Storage storage) {
        super(backend, shape, dtype, storage);
        this.array = array;
        this.storage = storage;
    }

    /**
     * This tensor's elements as {@code shape} (same size, rank at least 1) without copying: a new
     * tensor on the same buffer, which stays allocated until both are closed.
     */
    Nd4jTensor reshaped(Nd4jBackend backend, Shape shape) {
        checkOpen();
        storage.retain();
        return new Nd4jTensor(backend, shape, dtype(), Nd4jArrays.rewrap(array, shape), storage);
    }

    /** The backing array (never a view); null when the shape has no elements. */
    public INDArray array() {
        checkOpen();
        return array;
    }

    /**
     * This rank-2 tensor's transpose as a packed row-major array, made on first use by
     * {@code transpose} (which writes the [cols, rows] transpose of its first argument into its
     * second) and kept until this tensor is closed: tensors never change, so a weight that many
     * forward passes multiply by untransposed (a recurrent weight at inference) is transposed once.
     */
    INDArray transposed(BiConsumer<INDArray, INDArray> transpose) {
        return derived(Derived.TRANSPOSED, a -> {
            Shape shape = shape();
            INDArray t = Nd4jArrays.uninitialized(Shape.of(shape.dim(1), shape.dim(0)), dtype());
            transpose.accept(a, t);
            return t;
        });
    }

    /**
     * An array derived from this tensor's, {@code make(array)}, made on first use and kept (one per
     * kind) until this tensor is closed; the tensor never changes, so neither does what it gives.
     */
    synchronized INDArray derived(Derived kind, UnaryOperator<INDArray> make) {
        checkOpen();
        INDArray d = derived.get(kind);
        if (d == null) {
            d = make.apply(array);
            derived.put(kind, d);
        }
        return d;
    }

    /**
     * This rank-2 FLOAT32 tensor W [n, k] as its transpose {@code W^T} [k, n] in Java memory, packed by
     * {@code rows} for one-row products ({@code h W^T}, a batch-1 recurrent step), made on first use and
     * kept until this tensor is closed: serving calls neither read the weight back nor repack it. A
     * different row product (another layout) repacks.
     */
    synchronized float[] rowPackedTranspose(RowProduct rows) {
        checkOpen();
        if (packedBy != rows) {
            int n = shape().dim(0);
            int k = shape().dim(1);
            float[] w = new float[n * k];
            Buf.of(array).read(0, w);
            float[] t = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    t[p * n + j] = w[j * k + p];
                }
            }
            rowPacked = rows.pack(t, n, k, n);
            packedBy = rows;
        }
        return rowPacked;
    }

    /**
     * This rank-2 FLOAT32 recurrent weight {@code W_hh} [4H, H] stacked under the input weight
     * {@code wIh} [4H, I] as one right operand {@code [W_ih^T; W_hh^T]} [I + H, 4H] in Java memory,
     * packed by {@code rows} for its block products ({@link LstmSequenceInference#stack}), made on first
     * use and kept until this tensor is closed (a layer's pair is always the same two tensors; another
     * input weight or row product restacks).
     */
    synchronized float[] stackedWith(Nd4jTensor wIh, RowProduct rows) {
        checkOpen();
        if (stackedBy != rows || stackedWith != wIh) {
            float[] input = new float[wIh.size()];
            Buf.of(wIh.array()).read(0, input);
            float[] recurrent = new float[size()];
            Buf.of(array).read(0, recurrent);
            stacked = LstmSequenceInference.stack(rows, input, recurrent, wIh.shape().dim(1), shape().dim(1));
            stackedBy = rows;
            stackedWith = wIh;
        }
        return stacked;
    }

    /** The arrays a tensor may keep derived from its own. */
    enum Derived {
        /** The transpose of a rank-2 tensor. */
        TRANSPOSED,
        /** A GRU weight in oneDNN's layout ({@link RnnWeights}). */
        ONEDNN_GRU
    }

    @Override
    public double[] toDoubleArray() {
        checkOpen();
        double[] out = new double[size()];
        if (array != null) {
            Buf.of(array).read(0, out);
        }
        return out;
    }

    @Override
    public float[] toFloatArray() {
        checkOpen();
        float[] out = new float[size()];
        if (array != null) {
            Buf.of(array).read(0, out);
        }
        return out;
    }

    @Override
    protected void release() {
        if (storage != null) {
            storage.release();
        }
        synchronized (this) {
            derived.values().forEach(Nd4jPool::give);
            derived.clear();
            rowPacked = null;
            packedBy = null;
            stacked = null;
            stackedBy = null;
            stackedWith = null;
        }
        array = null;
        storage = null;
    }

    /**
     * The buffer's first array and the number of open tensors on it. Running it drops the
     * reference of a tensor that the garbage collector reclaimed unclosed.
     */
    private static final class Storage implements Runnable {
        private final INDArray owner;
        private final AtomicInteger refs = new AtomicInteger(1);

        Storage(INDArray owner) {
            this.owner = owner;
        }

        void retain() {
            refs.incrementAndGet();
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                Nd4jPool.give(owner);
            }
        }

        @Override
        public void run() {
            release();
        }
    }
}
