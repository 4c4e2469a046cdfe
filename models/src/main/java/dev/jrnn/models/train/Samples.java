package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;

/**
 * What the {@link Trainer} draws batches from: N samples, each an input and a target, uploaded a
 * batch at a time, batch first. {@link Dataset} holds samples of fixed shapes on the host;
 * {@link SequenceDataset} holds sequences of different lengths; an implementation may also make
 * each batch on demand (windows cut from long series), so that the samples of an epoch never need
 * to be held at once.
 *
 * <p>Variable-length samples say so through {@link #lengths}: a batch's inputs (and per-step
 * targets) are then padded to the batch's longest sequence, [B, T_b, ...], the model gets the
 * lengths ({@link Model#forward(dev.jrnn.api.autograd.Variable, int[])}) and the loss the
 * {@link #targetWeights} that leave the padded steps out.
 */
public interface Samples {

    /** N, the number of samples. */
    int size();

    /**
     * The shape of one sample's input, for example [T, I]; with truncated BPTT its first axis is
     * time. For variable-length samples T is the longest sequence's length.
     */
    Shape inputShape();

    /**
     * The shape of one sample's target; with truncated BPTT its first axis is time. For
     * variable-length samples with one target per step, T is the longest sequence's length.
     */
    Shape targetShape();

    /**
     * The inputs of the samples {@code indices} as a [B, ...inputShape] tensor; for variable-length
     * samples [B, T_b, ...], padded to the longest of the batch, {@code T_b}.
     */
    Tensor inputs(int[] indices, Backend backend, DType dtype);

    /**
     * The targets of the samples {@code indices} as a [B, ...targetShape] tensor; per-step targets
     * of variable-length samples padded as the inputs, [B, T_b, ...].
     */
    Tensor targets(int[] indices, Backend backend, DType dtype);

    /**
     * The number of real steps of each of the samples {@code indices} (axis 0 of its input), 1 to
     * the batch's padded length; null, the default, for samples of one fixed length.
     */
    default int[] lengths(int[] indices) {
        return null;
    }

    /**
     * How much each target position of the samples {@code indices} counts in the loss, for
     * {@link dev.jrnn.models.loss.Loss#weighted}: [B] (one weight per sample) or [B, T_b] (per step,
     * 0 at padded steps), repeated over the target's remaining axes; null, the default, when every
     * position counts once and the loss applies as it is.
     */
    default Tensor targetWeights(int[] indices, Backend backend, DType dtype) {
        return null;
    }
}
