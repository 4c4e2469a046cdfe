package dev.jrnn.forecast.network;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The body of the {@code mlp} network: the whole input window flattened, then {@code layers} dense
 * layers of {@code width} features, each {@code z_k = relu(z_{k-1} W_k^T + b_k)} from
 * {@code z_0 = x} [B, steps * inputSize]. Weights {@code dense.weight_l<k>} [width, fan-in] and
 * biases {@code dense.bias_l<k>} [width] start as PyTorch's {@code nn.Linear}: uniform in
 * {@code (-1/sqrt(fan-in), 1/sqrt(fan-in))}.
 *
 * <p>An N-BEATS-like member for an ensemble of recurrent ones: it sees the window at once rather
 * than step by step, so its errors differ from theirs, and it has no recurrence to wait on.
 */
final class DenseStack {
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final int inputs;

    /**
     * @param inputs features of the flattened window, {@code steps * inputSize}
     * @param width  features of every layer
     * @param layers dense layers, at least one
     */
    DenseStack(Backend backend, DType dtype, int inputs, int width, int layers, long seed) {
        this.inputs = inputs;
        SplittableRandom random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        int fanIn = inputs;
        for (int l = 0; l < layers; l++) {
            double bound = 1 / Math.sqrt(fanIn);
            weights.add(new Parameter("dense.weight_l" + l,
                    backend.fromArray(uniform(random, width * fanIn, bound), Shape.of(width, fanIn), dtype)));
            biases.add(new Parameter("dense.bias_l" + l,
                    backend.fromArray(uniform(random, width, bound), Shape.of(width), dtype)));
            fanIn = width;
        }
    }

    private static double[] uniform(SplittableRandom random, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return v;
    }

    /** Features of the flattened window the first layer reads. */
    int inputs() {
        return inputs;
    }

    /** Weight and bias of every layer, in order. */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            all.add(weights.get(l));
            all.add(biases.get(l));
        }
        return all;
    }

    /** The last layer's features, [B, width], from the flattened windows {@code x} [B, inputs]. */
    Variable forward(Variable x) {
        Variable z = x;
        for (int l = 0; l < weights.size(); l++) {
            z = Ops.relu(Ops.linear(z, weights.get(l), biases.get(l)));
        }
        return z;
    }
}
