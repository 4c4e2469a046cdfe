package dev.jrnn.examples.generate;

import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates text one character at a time (the one-to-many use of a trained model): the prime text
 * sets the state, then each next character is drawn from
 * {@code p_v = exp(z_v / tau) / sum_u exp(z_u / tau)}, where {@code z} are the model's logits and
 * {@code tau} the temperature (below 1 sharper and more repetitive, above 1 more varied and more
 * misspelt), and fed back as the next input.
 */
public final class Sampler {
    private final CharModel model;
    private final double temperature;
    private final SplittableRandom random;

    /** A sampler of {@code model} at {@code temperature} (positive), drawing with a seeded generator. */
    public Sampler(CharModel model, double temperature, long seed) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be positive and finite, got " + temperature);
        }
        this.model = model;
        this.temperature = temperature;
        this.random = new SplittableRandom(seed);
    }

    /** {@code length} characters that follow {@code prime} (not repeated in the result). */
    @SuppressWarnings("try") // the scope and no-grad handles act by being open
    public String sample(String prime, int length) {
        if (prime.isEmpty()) {
            throw new IllegalArgumentException("the prime text must not be empty");
        }
        Vocabulary vocabulary = model.vocabulary();
        int[] primeIds = vocabulary.encode(prime);
        StringBuilder text = new StringBuilder(length);
        List<Variable> state = null;
        try (TensorScope outer = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            int next = primeIds[0];
            for (int i = 1; i < primeIds.length + length; i++) {
                try (TensorScope scope = TensorScope.open()) {
                    CharModel.Output out = model.forward(new int[][] {{next}}, state);
                    double[] logits = out.logits().value().toDoubleArray();
                    next = i < primeIds.length ? primeIds[i] : draw(logits);
                    if (i >= primeIds.length) {
                        text.append(vocabulary.charAt(next));
                    }
                    List<Variable> kept = new ArrayList<>(out.state().size());
                    for (Variable v : out.state()) {
                        kept.add(Variable.constant(scope.keep(v.value())));
                    }
                    state = kept;
                }
            }
        }
        return text.toString();
    }

    /** An index drawn from {@code softmax(z / tau)}, computed stably by subtracting the maximum. */
    int draw(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int v = 0; v < logits.length; v++) {
            weights[v] = Math.exp((logits[v] - max) / temperature);
            total += weights[v];
        }
        double u = random.nextDouble() * total;
        for (int v = 0; v < weights.length; v++) {
            u -= weights[v];
            if (u < 0) {
                return v;
            }
        }
        return weights.length - 1;
    }
}
