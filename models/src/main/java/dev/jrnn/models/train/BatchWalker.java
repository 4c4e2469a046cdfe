package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.function.BooleanSupplier;

/**
 * Walks an epoch's batches as the pieces that one optimizer step (or one evaluation) sees: the
 * whole batch (with its lengths and target weights when the samples have variable lengths), or
 * with truncated BPTT the batch's sequences chunk by chunk along time (axis 1 of the batched
 * tensors), the model's carried state kept from one chunk to the next and reset for every batch.
 * Each piece runs in its own {@link TensorScope}.
 */
final class BatchWalker {
    /** What is done with one piece; returns its loss. */
    @FunctionalInterface
    interface Action {
        double run(Batch batch, int index, TensorScope scope);
    }

    private final Model model;
    private final Backend backend;
    private final DType dtype;
    private final int bpttLength;

    /** @param bpttLength chunk length, 0 for whole batches */
    BatchWalker(Model model, Backend backend, DType dtype, int bpttLength) {
        this.model = model;
        this.backend = backend;
        this.dtype = dtype;
        this.bpttLength = bpttLength;
    }

    /** Pieces per batch: 1, or the chunks of a sequence of the samples' length. */
    int perBatch(Samples data) {
        if (bpttLength == 0) {
            return 1;
        }
        int length = data.inputShape().dim(0);
        return (length + bpttLength - 1) / bpttLength;
    }

    /**
     * Where the walk of an epoch stands: the batches and pieces done, and the running sums of the
     * epoch's mean loss. A checkpoint saves it after a batch; a resumed walk starts from it.
     */
    static final class Position {
        int batches;
        int pieces;
        double lossSum;
        double lossWeight;

        /** The mean so far, NaN before any piece. */
        double meanLoss() {
            return lossWeight == 0 ? Double.NaN : lossSum / lossWeight;
        }
    }

    /** {@link #run(Samples, int[][], Position, Action, BooleanSupplier, Runnable)} from the epoch's start. */
    double run(Samples data, int[][] batches, Action action, BooleanSupplier stop) {
        return run(data, batches, new Position(), action, stop, () -> { });
    }

    /**
     * Runs {@code action} on every piece of {@code batches} of {@code data} from {@code at} until
     * {@code stop} says so (checked before each piece), updating {@code at} and calling
     * {@code afterBatch} once each whole batch is done (its carried state reset).
     *
     * @return the mean of the pieces' losses weighted by their rows times time steps (rows alone
     *         without truncated BPTT): the sample mean of a mean-reduced loss; for batches with
     *         target weights, weighted by each batch's total weight, so that the result is the
     *         weighted mean over all the target positions; NaN if no piece ran
     */
    double run(Samples data, int[][] batches, Position at, Action action, BooleanSupplier stop, Runnable afterBatch) {
        while (at.batches < batches.length && !stop.getAsBoolean()) {
            int[] batch = batches[at.batches];
            if (bpttLength == 0) {
                // a stateful model sees each batch as whole sequences from zeros
                resetIfStateful();
                try (TensorScope scope = TensorScope.open()) {
                    Variable input = Variable.constant(data.inputs(batch, backend, dtype));
                    Variable target = Variable.constant(data.targets(batch, backend, dtype));
                    Tensor weights = data.targetWeights(batch, backend, dtype);
                    double loss = action.run(new Batch(input, target, data.lengths(batch),
                            weights == null ? null : Variable.constant(weights)), at.pieces++, scope);
                    double pieceWeight = weights == null ? batch.length : totalWeight(weights, target);
                    at.lossSum += loss * pieceWeight;
                    at.lossWeight += pieceWeight;
                }
                resetIfStateful();
            } else if (!runChunks(data, batch, at, action, stop)) {
                break;
            }
            at.batches++;
            afterBatch.run();
        }
        return at.meanLoss();
    }

    /** The chunks of one batch with truncated BPTT; false when {@code stop} ended it before its end. */
    private boolean runChunks(Samples data, int[] batch, Position at, Action action, BooleanSupplier stop) {
        StatefulModel stateful = (StatefulModel) model;
        // uploaded once per batch, outside the chunks' scopes, and freed here
        Tensor inputs = data.inputs(batch, backend, dtype);
        Tensor targets = data.targets(batch, backend, dtype);
        try {
            stateful.resetState();
            int length = inputs.shape().dim(1);
            for (int from = 0; from < length; from += bpttLength) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                int to = Math.min(length, from + bpttLength);
                try (TensorScope scope = TensorScope.open()) {
                    Variable input = Variable.constant(backend.slice(inputs, 1, from, to));
                    Variable target = Variable.constant(backend.slice(targets, 1, from, to));
                    double loss = action.run(new Batch(input, target, null, null), at.pieces++, scope);
                    stateful.keepStateIn(scope);
                    at.lossSum += loss * batch.length * (to - from);
                    at.lossWeight += batch.length * (double) (to - from);
                }
            }
            return true;
        } finally {
            stateful.resetState();
            inputs.close();
            targets.close();
        }
    }

    /** The sum of the weights over all target positions: each weight counts once per position it covers. */
    private static double totalWeight(Tensor weights, Variable target) {
        double sum = 0;
        for (double w : weights.toDoubleArray()) {
            sum += w;
        }
        return sum * (target.shape().size() / Math.max(1, weights.size()));
    }

    private void resetIfStateful() {
        if (model instanceof StatefulModel stateful) {
            stateful.resetState();
        }
    }
}
