package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;

/**
 * Samples held on the host: N inputs of one shape and N targets of one shape, row-major, sample
 * after sample. Batches are uploaded batch first, [B, ...shape]. Immutable.
 */
public final class Dataset implements Samples {
    private final double[] inputs;
    private final Shape inputShape;
    private final double[] targets;
    private final Shape targetShape;
    private final int size;

    /**
     * @param inputs      N * inputShape.size() values
     * @param inputShape  the shape of one sample's input, for example [T, I]
     * @param targets     N * targetShape.size() values
     * @param targetShape the shape of one sample's target, for example [1]
     */
    public Dataset(double[] inputs, Shape inputShape, double[] targets, Shape targetShape) {
        int in = inputShape.size();
        int out = targetShape.size();
        if (in == 0 || out == 0 || inputs.length % in != 0 || targets.length % out != 0
                || inputs.length / in != targets.length / out) {
            throw new IllegalArgumentException("dataset: " + inputs.length + " input values of sample shape "
                    + inputShape + " and " + targets.length + " target values of sample shape " + targetShape
                    + " do not make the same whole number of samples");
        }
        this.inputs = inputs.clone();
        this.inputShape = inputShape;
        this.targets = targets.clone();
        this.targetShape = targetShape;
        this.size = inputs.length / in;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    /** The samples {@code [from, to)}, in order (a chronological split of a time series). */
    public Dataset range(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("dataset: range [" + from + ", " + to + ") is empty or outside [0, "
                    + size + ")");
        }
        int in = inputShape.size();
        int out = targetShape.size();
        return new Dataset(java.util.Arrays.copyOfRange(inputs, from * in, to * in), inputShape,
                java.util.Arrays.copyOfRange(targets, from * out, to * out), targetShape);
    }

    @Override
    public Tensor inputs(int[] indices, Backend backend, DType dtype) {
        return gather(inputs, inputShape, indices, backend, dtype);
    }

    @Override
    public Tensor targets(int[] indices, Backend backend, DType dtype) {
        return gather(targets, targetShape, indices, backend, dtype);
    }

    /** One sample's target values. */
    public double[] target(int index) {
        int out = targetShape.size();
        return java.util.Arrays.copyOfRange(targets, index * out, (index + 1) * out);
    }

    private Tensor gather(double[] data, Shape sample, int[] indices, Backend backend, DType dtype) {
        int n = sample.size();
        double[] batch = new double[indices.length * n];
        for (int b = 0; b < indices.length; b++) {
            if (indices[b] < 0 || indices[b] >= size) {
                throw new IndexOutOfBoundsException("dataset: sample " + indices[b] + " is outside [0, " + size + ")");
            }
            System.arraycopy(data, indices[b] * n, batch, b * n, n);
        }
        return backend.fromArray(batch, sample.insert(0, indices.length), dtype);
    }
}
