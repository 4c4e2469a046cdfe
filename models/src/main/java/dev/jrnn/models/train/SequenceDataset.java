package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.Arrays;
import java.util.List;

/**
 * Sequences of different lengths held on the host, each {@code [T_i, I]}, with one target per
 * sequence (many-to-one: a value vector or a class label) or one per step (many-to-many: a vector
 * or a label at every step, {@code [T_i, ...]}). A batch is padded with zeros to its longest
 * sequence, batch first, {@code [B, T_b, I]}; the trainer passes the batch's {@link #lengths} to
 * the model (PyTorch's packed semantics in the layers) and, for per-step targets, a 0/1 mask of
 * the real steps to the loss, so that padding changes neither the loss nor its gradient.
 *
 * <pre>{@code
 * SequenceDataset data = SequenceDataset.manyToOne(sequences, targets);   // List<double[][]>, double[][]
 * trainer.fit(model, data.range(0, 800), data.range(800, data.size()));
 * }</pre>
 *
 * <p>Optional sample weights ({@link #withSampleWeights}) multiply each sample's terms in the
 * loss's weighted mean. Immutable; the arrays given are copied.
 */
public final class SequenceDataset implements Samples {
    private final double[][] inputs;
    private final int[] lengths;
    private final int inputSize;
    private final double[][] targets;
    private final Shape targetItem;
    private final boolean perStep;
    private final double[] weights;
    private final int maxLength;

    private SequenceDataset(double[][] inputs, int[] lengths, int inputSize, double[][] targets, Shape targetItem,
                            boolean perStep, double[] weights) {
        this.inputs = inputs;
        this.lengths = lengths;
        this.inputSize = inputSize;
        this.targets = targets;
        this.targetItem = targetItem;
        this.perStep = perStep;
        this.weights = weights;
        this.maxLength = Arrays.stream(lengths).max().orElse(0);
    }

    /**
     * One target vector per sequence: the target shape is [K].
     *
     * @param sequences sequence i is {@code [T_i][I]}, {@code T_i >= 1}, one I for all
     * @param targets   target i is {@code [K]}, one K for all
     */
    public static SequenceDataset manyToOne(List<double[][]> sequences, double[][] targets) {
        Inputs in = Inputs.of(sequences);
        check(targets != null && targets.length == in.size(), () -> (targets == null ? 0 : targets.length)
                + " targets for " + in.size() + " sequences");
        int k = width(targets[0], "target of sequence 0");
        double[][] flat = new double[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            flat[i] = finite(row(targets[i], k, "target of sequence " + i, "as sequence 0's"),
                    "target of sequence " + i);
        }
        return new SequenceDataset(in.values, in.lengths, in.inputSize, flat, Shape.of(k), false, null);
    }

    /** One class label per sequence (for a classification loss): the target shape is [] (a scalar). */
    public static SequenceDataset manyToOneLabels(List<double[][]> sequences, int[] labels) {
        Inputs in = Inputs.of(sequences);
        check(labels != null && labels.length == in.size(), () -> (labels == null ? 0 : labels.length)
                + " labels for " + in.size() + " sequences");
        double[][] flat = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            flat[i] = new double[] {labels[i]};
        }
        return new SequenceDataset(in.values, in.lengths, in.inputSize, flat, Shape.scalar(), false, null);
    }

    /**
     * One target vector per step: the target shape is [T, K], padded steps masked out of the loss.
     *
     * @param sequences sequence i is {@code [T_i][I]}
     * @param targets   targets of sequence i are {@code [T_i][K]}, one K for all
     */
    public static SequenceDataset manyToMany(List<double[][]> sequences, List<double[][]> targets) {
        Inputs in = Inputs.of(sequences);
        check(targets != null && targets.size() == in.size(), () -> (targets == null ? 0 : targets.size())
                + " target sequences for " + in.size() + " sequences");
        int k = width(targets.get(0) == null || targets.get(0).length == 0 ? null : targets.get(0)[0],
                "target of sequence 0, step 0");
        double[][] flat = new double[targets.size()][];
        for (int i = 0; i < flat.length; i++) {
            double[][] steps = targets.get(i);
            int length = in.lengths[i];
            int ii = i;
            check(steps != null && steps.length == length, () -> "sequence " + ii + " has " + length + " steps but "
                    + (steps == null ? 0 : steps.length) + " step targets");
            flat[i] = new double[length * k];
            for (int t = 0; t < length; t++) {
                String where = "target of sequence " + i + ", step " + t;
                System.arraycopy(finite(row(steps[t], k, where, "as step 0 of sequence 0"), where), 0, flat[i], t * k, k);
            }
        }
        return new SequenceDataset(in.values, in.lengths, in.inputSize, flat, Shape.of(k), true, null);
    }

    /** One class label per step (tagging): the target shape is [T], padded steps masked out of the loss. */
    public static SequenceDataset manyToManyLabels(List<double[][]> sequences, List<int[]> labels) {
        Inputs in = Inputs.of(sequences);
        check(labels != null && labels.size() == in.size(), () -> (labels == null ? 0 : labels.size())
                + " label sequences for " + in.size() + " sequences");
        double[][] flat = new double[labels.size()][];
        for (int i = 0; i < flat.length; i++) {
            int[] steps = labels.get(i);
            int length = in.lengths[i];
            int ii = i;
            check(steps != null && steps.length == length, () -> "sequence " + ii + " has " + length + " steps but "
                    + (steps == null ? 0 : steps.length) + " step labels");
            flat[i] = Arrays.stream(steps).asDoubleStream().toArray();
        }
        return new SequenceDataset(in.values, in.lengths, in.inputSize, flat, Shape.scalar(), true, null);
    }

    /**
     * This dataset with sample i's loss terms weighted by {@code weights[i]} (finite, at least 0):
     * the loss becomes {@code sum(w l) / sum(w)} over the batch's target positions.
     */
    public SequenceDataset withSampleWeights(double[] weights) {
        check(weights != null && weights.length == size(), () -> (weights == null ? 0 : weights.length)
                + " sample weights for " + size() + " sequences");
        for (int i = 0; i < weights.length; i++) {
            int ii = i;
            check(Double.isFinite(weights[i]) && weights[i] >= 0, () -> "sample weight " + weights[ii] + " of sequence "
                    + ii + " is not a finite number at least 0");
        }
        return new SequenceDataset(inputs, lengths, inputSize, targets, targetItem, perStep, weights.clone());
    }

    /** The sequences {@code [from, to)}, in order, with their weights. */
    public SequenceDataset range(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("sequence dataset: range [" + from + ", " + to
                    + ") is empty or outside [0, " + size() + ")");
        }
        return new SequenceDataset(Arrays.copyOfRange(inputs, from, to), Arrays.copyOfRange(lengths, from, to),
                inputSize, Arrays.copyOfRange(targets, from, to), targetItem, perStep,
                weights == null ? null : Arrays.copyOfRange(weights, from, to));
    }

    @Override
    public int size() {
        return inputs.length;
    }

    /** I, the features of every step. */
    public int inputSize() {
        return inputSize;
    }

    /** Whether there is one target per step (many-to-many) rather than one per sequence. */
    public boolean perStepTargets() {
        return perStep;
    }

    /** Every sequence's length, in order. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** [T_max, I], T_max the longest sequence's length. */
    @Override
    public Shape inputShape() {
        return Shape.of(maxLength, inputSize);
    }

    /** [K] or [] per sequence; [T_max, K] or [T_max] per step. */
    @Override
    public Shape targetShape() {
        return perStep ? targetItem.insert(0, maxLength) : targetItem;
    }

    @Override
    public int[] lengths(int[] indices) {
        int[] out = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            out[b] = lengths[checkIndex(indices[b])];
        }
        return out;
    }

    /** [B, T_b, I], zeros past each sequence's end. */
    @Override
    public Tensor inputs(int[] indices, Backend backend, DType dtype) {
        return padded(inputs, inputSize, indices, backend, dtype, Shape.of(inputSize));
    }

    /** [B, ...] per sequence; [B, T_b, ...] per step, zeros past each sequence's end. */
    @Override
    public Tensor targets(int[] indices, Backend backend, DType dtype) {
        if (perStep) {
            return padded(targets, targetItem.size(), indices, backend, dtype, targetItem);
        }
        int k = targetItem.size();
        double[] batch = new double[indices.length * k];
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(targets[checkIndex(indices[b])], 0, batch, b * k, k);
        }
        return backend.fromArray(batch, targetItem.insert(0, indices.length), dtype);
    }

    /**
     * Per step: [B, T_b], the sample's weight (1 without weights) at its real steps and 0 at the
     * padded ones. Per sequence: [B], the sample weights, or null without weights.
     */
    @Override
    public Tensor targetWeights(int[] indices, Backend backend, DType dtype) {
        if (!perStep) {
            if (weights == null) {
                return null;
            }
            double[] w = new double[indices.length];
            for (int b = 0; b < indices.length; b++) {
                w[b] = weights[checkIndex(indices[b])];
            }
            return backend.fromArray(w, Shape.of(indices.length), dtype);
        }
        int steps = longest(indices);
        double[] mask = new double[indices.length * steps];
        for (int b = 0; b < indices.length; b++) {
            int i = checkIndex(indices[b]);
            Arrays.fill(mask, b * steps, b * steps + lengths[i], weights == null ? 1.0 : weights[i]);
        }
        return backend.fromArray(mask, Shape.of(indices.length, steps), dtype);
    }

    private Tensor padded(double[][] data, int width, int[] indices, Backend backend, DType dtype, Shape item) {
        int steps = longest(indices);
        double[] batch = new double[indices.length * steps * width];
        for (int b = 0; b < indices.length; b++) {
            double[] one = data[checkIndex(indices[b])];
            System.arraycopy(one, 0, batch, b * steps * width, one.length);
        }
        return backend.fromArray(batch, item.insert(0, steps).insert(0, indices.length), dtype);
    }

    private int longest(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("sequence dataset: an empty batch");
        }
        int steps = 0;
        for (int index : indices) {
            steps = Math.max(steps, lengths[checkIndex(index)]);
        }
        return steps;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= inputs.length) {
            throw new IndexOutOfBoundsException("sequence dataset: sample " + index + " is outside [0, "
                    + inputs.length + ")");
        }
        return index;
    }

    @Override
    public String toString() {
        return "SequenceDataset[" + size() + " sequences of " + inputSize + " features, lengths "
                + Arrays.stream(lengths).min().orElse(0) + ".." + maxLength + ", target " + targetItem
                + (perStep ? " per step" : " per sequence") + (weights == null ? "" : ", weighted") + "]";
    }

    /** The sequences flattened, after checking them. */
    private record Inputs(double[][] values, int[] lengths, int inputSize) {
        static Inputs of(List<double[][]> sequences) {
            check(sequences != null && !sequences.isEmpty(), () -> "no sequences");
            double[][] first = sequences.get(0);
            int in = width(first == null || first.length == 0 ? null : first[0], "sequence 0, step 0");
            double[][] values = new double[sequences.size()][];
            int[] lengths = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                double[][] seq = sequences.get(i);
                int ii = i;
                check(seq != null && seq.length > 0, () -> "sequence " + ii + " has no steps (every sequence needs"
                        + " at least one)");
                lengths[i] = seq.length;
                values[i] = new double[seq.length * in];
                for (int t = 0; t < seq.length; t++) {
                    String where = "sequence " + i + ", step " + t;
                    System.arraycopy(finite(row(seq[t], in, where, "as sequence 0's"), where), 0, values[i], t * in, in);
                }
            }
            return new Inputs(values, lengths, in);
        }

        int size() {
            return values.length;
        }
    }

    private static int width(double[] row, String where) {
        check(row != null && row.length > 0, () -> where + " has no values");
        return row.length;
    }

    private static double[] row(double[] row, int width, String where, String reference) {
        check(row != null && row.length == width, () -> where + " has " + (row == null ? 0 : row.length)
                + " values, expected " + width + " (" + reference + ")");
        return row;
    }

    private static double[] finite(double[] row, String where) {
        for (int j = 0; j < row.length; j++) {
            int jj = j;
            check(Double.isFinite(row[j]), () -> where + ", value " + jj + " is " + row[jj]);
        }
        return row;
    }

    private static void check(boolean ok, java.util.function.Supplier<String> message) {
        if (!ok) {
            throw new IllegalArgumentException("sequence dataset: " + message.get());
        }
    }
}
