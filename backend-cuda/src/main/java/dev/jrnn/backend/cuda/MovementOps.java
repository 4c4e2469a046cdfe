package dev.jrnn.backend.cuda;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Checks;
import java.util.List;

/**
 * The movement primitives of {@link CudaBackend} as kernels: transpose with {@code permute}, and
 * slice, concat and expand as strided row copies ({@code copy_rows}) over the [outer, axis, inner]
 * view of a tensor.
 */
final class MovementOps {
    /** Largest rank {@code permute} handles (the size of its by-value struct). */
    static final int MAX_RANK = 8;

    private final CudaBackend backend;

    MovementOps(CudaBackend backend) {
        this.backend = backend;
    }

    /** {@code out[j_0..j_r] = x[i]} where {@code i_{p[k]} = j_k}. */
    Tensor transpose(Tensor x, int... permutation) {
        Checks.owned(backend, "transpose", "x", x);
        Shape out = Checks.transpose(x.shape(), permutation);
        if (out.rank() > MAX_RANK) {
            throw new IllegalArgumentException("transpose: rank " + out.rank() + " of " + x.shape()
                    + " is above the CUDA backend's limit of " + MAX_RANK);
        }
        int[] inStrides = x.shape().strides();
        int[] spec = new int[1 + 2 * MAX_RANK];
        spec[0] = out.rank();
        for (int k = 0; k < out.rank(); k++) {
            spec[1 + k] = out.dim(k);
            spec[1 + MAX_RANK + k] = inStrides[permutation[k]];
        }
        CudaTensor result = backend.allocate(out, x.dtype());
        backend.launcher().launch(Kernel.PERMUTE, x.dtype(), out.size(), (long) out.size(), spec,
                ((CudaTensor) x).pointer(), result.pointer());
        return result;
    }

    /** Elements {@code [start, end)} along {@code axis}: {@code outer} rows of {@code (end - start) * inner}. */
    Tensor slice(Tensor x, int axis, int start, int end) {
        Checks.owned(backend, "slice", "x", x);
        Shape out = Checks.slice(x.shape(), axis, start, end);
        int a = Checks.axis("slice", x.shape(), axis);
        int inner = x.shape().strides()[a];
        CudaTensor result = backend.allocate(out, x.dtype());
        copyRows((CudaTensor) x, x.shape().sizeBefore(a), (end - start) * inner, (long) x.shape().dim(a) * inner,
                (long) start * inner, result, (long) (end - start) * inner, 0, 1);
        return result;
    }

    /** Each part's rows written side by side: part p fills columns [pos_p, pos_p + n_p) of the axis. */
    Tensor concat(int axis, List<Tensor> parts) {
        Shape out = Checks.concat(backend, axis, parts);
        int a = Checks.axis("concat", out, axis);
        int inner = out.strides()[a];
        int outer = out.sizeBefore(a);
        CudaTensor result = backend.allocate(out, parts.get(0).dtype());
        long position = 0;
        for (Tensor part : parts) {
            long width = (long) part.shape().dim(a) * inner;
            copyRows((CudaTensor) part, outer, (int) width, width, 0, result, (long) out.dim(a) * inner, position, 1);
            position += width;
        }
        return result;
    }

    /** A new axis of {@code count} before {@code axis}: each of the {@code outer} blocks repeated {@code count} times. */
    Tensor expand(Tensor x, int axis, int count) {
        Shape out = Checks.expand(backend, x, axis, count);
        int outer = x.shape().sizeBefore(axis);
        int inner = x.shape().sizeAfter(axis - 1);
        CudaTensor result = backend.allocate(out, x.dtype());
        copyRows((CudaTensor) x, (long) outer * count, inner, inner, 0, result, inner, 0, count);
        return result;
    }

    /**
     * {@code dst[dstOff + r * dstPitch + c] = src[srcOff + (r / repeat) * srcPitch + c]} for
     * {@code r < rows}, {@code c < width}; offsets and pitches in elements.
     */
    void copyRows(CudaTensor src, long rows, int width, long srcPitch, long srcOff, CudaTensor dst, long dstPitch,
                  long dstOff, int repeat) {
        backend.launcher().launch(Kernel.COPY_ROWS, src.dtype(), rows * width, rows, width, src.pointer(), srcPitch,
                srcOff, dst.pointer(), dstPitch, dstOff, repeat);
    }

}
