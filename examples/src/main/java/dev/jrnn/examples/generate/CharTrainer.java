package dev.jrnn.examples.generate;

import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.optim.GradientClipping;
import dev.jrnn.models.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a {@link CharModel} with truncated back-propagation through time: each step runs one
 * chunk of every stream from the state the previous chunk ended with (detached, so gradients stop
 * at the chunk's start), minimises the {@link SoftmaxCrossEntropy} of the next character with
 * Adam, and clips the gradients' global norm (Pascanu et al., 2013). The state is reset to zero
 * when the streams wrap around to a new epoch.
 */
public final class CharTrainer {

    /**
     * @param batch        B, parallel streams
     * @param chunk        T, steps back-propagated through
     * @param steps        optimizer steps in all
     * @param learningRate Adam's learning rate
     * @param clip         maximum global gradient norm
     */
    public record Settings(int batch, int chunk, int steps, double learningRate, double clip) {
        public Settings {
            if (steps <= 0 || !(learningRate > 0) || !(clip > 0)) {
                throw new IllegalArgumentException("training: steps " + steps + ", learning rate " + learningRate
                        + " and clip " + clip + " must be positive");
            }
        }
    }

    /**
     * What training reached.
     *
     * @param trainLoss      mean cross-entropy of the last tenth of the steps, nats per character
     * @param validationLoss cross-entropy on the held-out text, nats per character
     * @param steps          optimizer steps taken
     * @param epochs         passes over the training text, fractional
     * @param seconds        wall-clock time
     */
    public record Result(double trainLoss, double validationLoss, int steps, double epochs, double seconds) {
    }

    private CharTrainer() {
    }

    /** Trains {@code model} in place on {@code train}, reporting progress lines to {@code log}. */
    public static Result train(CharModel model, int[] train, int[] validation, Settings s, Consumer<String> log) {
        Streams streams = new Streams(train, s.batch(), s.chunk());
        long start = System.nanoTime();
        int reportEvery = Math.max(1, s.steps() / 10);
        double recent = 0;
        int recentCount = 0;
        List<Variable> state = null;
        try (Optimizer adam = new Adam(model.parameters(), s.learningRate())) {
            for (int step = 0; step < s.steps(); step++) {
                int k = step % streams.chunks();
                if (k == 0) {
                    state = null;
                }
                try (TensorScope scope = TensorScope.open()) {
                    CharModel.Output out = model.forward(streams.inputs(k), state);
                    Variable loss = SoftmaxCrossEntropy.loss(out.logits(), streams.targets(k));
                    double value = loss.value().item();
                    if (!Double.isFinite(value)) {
                        throw new ArithmeticException("the training loss became " + value + " at step " + (step + 1)
                                + "; lower --lr");
                    }
                    adam.zeroGrad();
                    Autograd.backward(loss);
                    GradientClipping.clipByGlobalNorm(adam.parameters(), s.clip());
                    adam.step();
                    adam.keepIn(scope);
                    List<Variable> next = keep(scope, out.state());
                    close(state);
                    state = next;
                    if (step >= s.steps() - Math.max(1, s.steps() / 10)) {
                        recent += value;
                        recentCount++;
                    }
                    if ((step + 1) % reportEvery == 0) {
                        log.accept(String.format("step %d/%d  loss %.3f nats/char  %.0f s", step + 1, s.steps(), value,
                                (System.nanoTime() - start) / 1e9));
                    }
                }
            }
            adam.zeroGrad();
        }
        close(state);
        double validationLoss = evaluate(model, validation, s.batch(), s.chunk());
        return new Result(recent / recentCount, validationLoss, s.steps(),
                (double) s.steps() / streams.chunks(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The mean cross-entropy of predicting each character of {@code ids} from the ones before it,
     * in nats per character, with the state carried across chunks and no graph recorded. The text
     * is cut into at most {@code batch} streams of whole chunks; the remainder is not scored.
     */
    @SuppressWarnings("try") // the scope and no-grad handles act by being open
    public static double evaluate(CharModel model, int[] ids, int batch, int chunk) {
        int streamsThatFit = Math.max(1, Math.min(batch, (ids.length - 1) / chunk));
        Streams streams = new Streams(ids, streamsThatFit, Math.min(chunk, ids.length - 1));
        double total = 0;
        List<Variable> state = null;
        try (TensorScope outer = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            for (int k = 0; k < streams.chunks(); k++) {
                try (TensorScope scope = TensorScope.open()) {
                    CharModel.Output out = model.forward(streams.inputs(k), state);
                    total += SoftmaxCrossEntropy.loss(out.logits(), streams.targets(k)).value().item();
                    state = keep(scope, out.state());
                }
            }
        }
        return total / streams.chunks();
    }

    /** The state's values as constants that survive {@code scope}: gradients stop at the next chunk. */
    private static List<Variable> keep(TensorScope scope, List<Variable> state) {
        List<Variable> kept = new ArrayList<>(state.size());
        for (Variable v : state) {
            kept.add(Variable.constant(scope.keep(v.value())));
        }
        return kept;
    }

    private static void close(List<Variable> state) {
        if (state != null) {
            state.forEach(v -> v.value().close());
        }
    }
}
