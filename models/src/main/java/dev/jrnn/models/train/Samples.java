package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;

/**
 * What the {@link Trainer} draws batches from: N samples, each an input and a target of fixed
 * shapes, uploaded a batch at a time, batch first. {@link Dataset} holds them on the host;
 * an implementation may also make each batch on demand (windows cut from long series), so that
 * the samples of an epoch never need to be held at once.
 */
public interface Samples {

    /** N, the number of samples. */
    int size();

    /** The shape of one sample's input, for example [T, I]; with truncated BPTT its first axis is time. */
    Shape inputShape();

    /** The shape of one sample's target; with truncated BPTT its first axis is time. */
    Shape targetShape();

    /** The inputs of the samples {@code indices} as a [B, ...inputShape] tensor. */
    Tensor inputs(int[] indices, Backend backend, DType dtype);

    /** The targets of the samples {@code indices} as a [B, ...targetShape] tensor. */
    Tensor targets(int[] indices, Backend backend, DType dtype);
}
