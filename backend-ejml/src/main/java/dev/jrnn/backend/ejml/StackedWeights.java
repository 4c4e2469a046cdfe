package dev.jrnn.backend.ejml;

import dev.jrnn.api.Tensor;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import org.ejml.data.FMatrixRMaj;

/**
 * A recurrent layer's two FLOAT32 weights stacked as one right operand, {@code [W_ih^T; W_hh^T]}
 * ([I + H, G*H]: the input's rows above the state's), packed for the Vector API kernels, so that a
 * step's input and state go through one product ({@link SequenceInferenceKernel}). Tensors never
 * change, so where {@link EjmlSettings#weightCache()} is on the packed form is kept while both
 * weights live, keyed by the recurrent weight (a layer's pair is always the same two tensors); else
 * it is made at every call.
 */
final class StackedWeights {
    private final Map<Tensor, Entry> kept = new WeakHashMap<>();

    /** The input weight held weakly: an entry must not keep a closed layer's weights alive. */
    private record Entry(WeakReference<Tensor> inputWeight, PackedWeight packed) {
    }

    /** {@code [W_ih^T; W_hh^T]} packed, for {@code wIh} [G*H, I] and {@code wHh} [G*H, H]. */
    PackedWeight of(EjmlBackend be, Tensor wIh, Tensor wHh) {
        if (!be.settings().weightCache()) {
            return stack(be, wIh, wHh);
        }
        synchronized (kept) {
            Entry e = kept.get(wHh);
            if (e != null && e.inputWeight().get() == wIh) {
                return e.packed();
            }
        }
        PackedWeight packed = stack(be, wIh, wHh);
        synchronized (kept) {
            kept.put(wHh, new Entry(new WeakReference<>(wIh), packed));
        }
        return packed;
    }

    private static PackedWeight stack(EjmlBackend be, Tensor wIh, Tensor wHh) {
        int width = wHh.shape().dim(0);
        int inputs = wIh.shape().dim(1);
        int hidden = wHh.shape().dim(1);
        float[] stacked = new float[(inputs + hidden) * width];
        transposeInto(EjmlBackend.ejml(wIh).data(), width, inputs, stacked, 0);
        transposeInto(EjmlBackend.ejml(wHh).data(), width, hidden, stacked, inputs * width);
        return be.kernels(wHh.dtype()).pack(FMatrixRMaj.wrap(inputs + hidden, width, stacked));
    }

    /** {@code dst[offset + j * rows + i] = w[i, j]} for the [rows, cols] matrix {@code w}. */
    private static void transposeInto(Object w, int rows, int cols, float[] dst, int offset) {
        float[] src = (float[]) w;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[offset + j * rows + i] = src[i * cols + j];
            }
        }
    }
}
