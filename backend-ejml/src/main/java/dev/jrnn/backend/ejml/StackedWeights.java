package dev.jrnn.backend.ejml;

import dev.jrnn.api.Tensor;
import org.ejml.data.FMatrixRMaj;

/**
 * A recurrent layer's two FLOAT32 weights stacked as one right operand, {@code [W_ih^T; W_hh^T]}
 * ([I + H, G*H]: the input's rows above the state's), packed for the Vector API kernels, so that a
 * step's input and state go through one product ({@link SequenceInferenceKernel}). Tensors never
 * change, so where {@link EjmlSettings#weightCache()} is on the packed form is kept on the recurrent
 * weight with its other cached forms ({@link EjmlTensor#stacked}), for the input weight it was made
 * with (a layer's pair is always the same two tensors); else it is made at every call.
 */
final class StackedWeights {
    private StackedWeights() {
    }

    /** {@code [W_ih^T; W_hh^T]} packed, for {@code wIh} [G*H, I] and {@code wHh} [G*H, H]. */
    static PackedWeight of(EjmlBackend be, Tensor wIh, Tensor wHh) {
        if (!be.settings().weightCache()) {
            return stack(be, wIh, wHh);
        }
        return EjmlBackend.ejml(wHh).stacked(wIh, () -> stack(be, wIh, wHh));
    }

    /** The two transposes (EJML's blocked kernel) one after the other: [I, G*H] above [H, G*H], row-major. */
    private static PackedWeight stack(EjmlBackend be, Tensor wIh, Tensor wHh) {
        int width = wHh.shape().dim(0);
        int inputs = wIh.shape().dim(1);
        int hidden = wHh.shape().dim(1);
        float[] stacked = new float[(inputs + hidden) * width];
        float[] inputPart = (float[]) Movement.transpose2d(EjmlBackend.ejml(wIh).data(), width, inputs);
        float[] statePart = (float[]) Movement.transpose2d(EjmlBackend.ejml(wHh).data(), width, hidden);
        System.arraycopy(inputPart, 0, stacked, 0, inputPart.length);
        System.arraycopy(statePart, 0, stacked, inputPart.length, statePart.length);
        return be.kernels(wHh.dtype()).pack(FMatrixRMaj.wrap(inputs + hidden, width, stacked));
    }
}
