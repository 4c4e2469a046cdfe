package dev.jrnn.backend.ejml;

import dev.jrnn.api.AbstractTensor;
import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import java.lang.ref.WeakReference;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.ReshapeMatrix;

/**
 * A tensor of the {@link EjmlBackend}: an {@link FMatrixRMaj} (FLOAT32) or a {@link DMatrixRMaj}
 * (FLOAT64) holding the elements row-major. A rank-2 tensor [r, c] is the r-by-c matrix; any other
 * rank is stored flat as [product of the leading dimensions, last dimension] (a scalar as 1-by-1,
 * a vector [n] as 1-by-n) while {@link #shape()} keeps the real shape.
 *
 * <p>The storage is never modified after the op that made the tensor returns, so tensors of equal
 * size may share it (a reshape does), and what is derived from it for products (the transpose, the
 * packed panels of a weight) stays valid while the tensor lives: the backend keeps it on the tensor
 * ({@link EjmlSettings#weightCache()}), and a recurrent weight is transposed and packed once rather
 * than at every sequence. Two threads may both derive it at once; either result is the same.
 */
public final class EjmlTensor extends AbstractTensor {
    private ReshapeMatrix matrix;
    private volatile ReshapeMatrix transposed;
    private volatile PackedWeight packed;
    private volatile PackedWeight packedTransposed;
    private volatile Stacked stacked;

    private EjmlTensor(EjmlBackend backend, Shape shape, DType dtype, ReshapeMatrix matrix) {
        super(backend, shape, dtype);
        this.matrix = matrix;
    }

    /** A tensor of zeros. */
    static EjmlTensor zeros(EjmlBackend backend, Shape shape, DType dtype) {
        int rows = rows(shape);
        int cols = cols(shape);
        ReshapeMatrix m = dtype == DType.FLOAT32 ? new FMatrixRMaj(rows, cols) : new DMatrixRMaj(rows, cols);
        return new EjmlTensor(backend, shape, dtype, m);
    }

    /** A tensor that takes ownership of {@code data}, a {@code float[]} or {@code double[]} of {@code shape.size()}. */
    static EjmlTensor wrap(EjmlBackend backend, Shape shape, Object data) {
        int rows = rows(shape);
        int cols = cols(shape);
        if (data instanceof float[] f) {
            return new EjmlTensor(backend, shape, DType.FLOAT32, FMatrixRMaj.wrap(rows, cols, f));
        }
        return new EjmlTensor(backend, shape, DType.FLOAT64, DMatrixRMaj.wrap(rows, cols, (double[]) data));
    }

    /** Rows of the storage matrix of {@code shape}. */
    static int rows(Shape shape) {
        if (shape.rank() < 2) {
            return 1;
        }
        int rows = 1;
        for (int k = 0; k < shape.rank() - 1; k++) {
            rows *= shape.dim(k);
        }
        return rows;
    }

    /** Columns of the storage matrix of {@code shape}. */
    static int cols(Shape shape) {
        return shape.rank() == 0 ? 1 : shape.dim(-1);
    }

    /** The storage matrix itself, not a copy; callers must not modify it once the tensor is returned. */
    ReshapeMatrix matrix() {
        checkOpen();
        return matrix;
    }

    /** The storage array itself: a {@code float[]} or a {@code double[]}. */
    Object data() {
        ReshapeMatrix m = matrix();
        return m instanceof FMatrixRMaj f ? f.data : ((DMatrixRMaj) m).data;
    }

    /** The FLOAT32 storage array. */
    float[] floats() {
        return ((FMatrixRMaj) matrix()).data;
    }

    /** The FLOAT64 storage array. */
    double[] doubles() {
        return ((DMatrixRMaj) matrix()).data;
    }

    @Override
    public double[] toDoubleArray() {
        Object data = data();
        if (data instanceof double[] d) {
            return d.clone();
        }
        float[] f = (float[]) data;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public float[] toFloatArray() {
        Object data = data();
        if (data instanceof float[] f) {
            return f.clone();
        }
        double[] d = (double[]) data;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The storage matrix transposed, made by {@code k} on first use and kept. */
    ReshapeMatrix transposed(Kernels k) {
        ReshapeMatrix t = transposed;
        if (t == null) {
            t = k.transposed(matrix());
            transposed = t;
        }
        return t;
    }

    /** The storage matrix packed as the right operand of many products, made on first use and kept. */
    PackedWeight packed(Kernels k) {
        PackedWeight p = packed;
        if (p == null) {
            p = k.pack(matrix());
            packed = p;
        }
        return p;
    }

    /** {@link #transposed} packed as the right operand of many products, made on first use and kept. */
    PackedWeight packedTransposed(Kernels k) {
        PackedWeight p = packedTransposed;
        if (p == null) {
            p = k.pack(transposed(k));
            packedTransposed = p;
        }
        return p;
    }

    /** A stacked pack and the input weight it was made with, held weakly: it must not keep that tensor alive. */
    private record Stacked(WeakReference<Tensor> inputWeight, PackedWeight packed) {
    }

    /**
     * This recurrent weight stacked under {@code inputWeight} and packed ({@link StackedWeights}), made
     * by {@code make} on first use with that input weight and kept.
     */
    PackedWeight stacked(Tensor inputWeight, Supplier<PackedWeight> make) {
        Stacked s = stacked;
        if (s == null || s.inputWeight().get() != inputWeight) {
            s = new Stacked(new WeakReference<>(inputWeight), make.get());
            stacked = s;
        }
        return s.packed();
    }

    @Override
    protected void release() {
        matrix = null;
        transposed = null;
        packed = null;
        packedTransposed = null;
        stacked = null;
    }
}
