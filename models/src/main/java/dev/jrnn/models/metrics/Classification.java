package dev.jrnn.models.metrics;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.loss.CrossEntropyLoss;
import dev.jrnn.models.train.Model;
import dev.jrnn.models.train.Samples;
import java.util.List;

/** A classifier's predictions on held-out samples, counted into a {@link ConfusionMatrix}. */
public final class Classification {
    private Classification() {
    }

    /**
     * Runs {@code model} over {@code data} in batches of {@code batchSize}, without recording a
     * graph, each batch in its own {@link TensorScope}, and counts its argmax predictions against
     * the targets (positions whose target is -100, PyTorch's ignore index, are skipped). Samples of
     * variable length ({@link Samples#lengths}) are padded to each batch's longest and the model
     * gets their lengths, as in training; positions whose {@link Samples#targetWeights} are 0 (the
     * padding of per-step labels, a sample weighted 0) are not counted, as they are not in the
     * loss. Switches
     * the model to evaluation mode (no dropout), as {@link dev.jrnn.models.train.Trainer#evaluate} does.
     *
     * @param model  a classifier whose forward pass gives logits [B, ..., C]
     * @param data   samples whose targets are class indices [B, ...]
     * @param labels the classes' names, C of them
     */
    public static ConfusionMatrix evaluate(Model model, Samples data, List<String> labels, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("classification: batch size must be positive, got " + batchSize);
        }
        List<Parameter> parameters = model.parameters();
        Backend backend = parameters.get(0).backend();
        DType dtype = parameters.get(0).dtype();
        ConfusionMatrix matrix = new ConfusionMatrix(labels);
        model.train(false);
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            for (int from = 0; from < data.size(); from += batchSize) {
                int[] indices = new int[Math.min(batchSize, data.size() - from)];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = from + i;
                }
                try (TensorScope scope = TensorScope.open()) {
                    Tensor targets = masked(data.targets(indices, backend, dtype),
                            data.targetWeights(indices, backend, dtype));
                    Variable input = Variable.constant(data.inputs(indices, backend, dtype));
                    Variable logits = model.forward(input, data.lengths(indices));
                    matrix.add(logits.value(), targets, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
                }
            }
        }
        return matrix;
    }

    /**
     * The targets with the ignore index where a per-position weight is 0 (the padding of per-step
     * labels, whose targets there are 0, a real class); the targets themselves otherwise.
     */
    private static Tensor masked(Tensor targets, Tensor weights) {
        if (weights == null || !weights.shape().equals(targets.shape())) {
            return targets;
        }
        double[] y = targets.toDoubleArray();
        double[] w = weights.toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            if (w[i] == 0) {
                y[i] = CrossEntropyLoss.DEFAULT_IGNORE_INDEX;
            }
        }
        return targets.backend().fromArray(y, targets.shape(), targets.dtype());
    }
}
