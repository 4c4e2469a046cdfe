package dev.jrnn.benchmarks;

import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.layer.LayerOutput;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Sgd;
import java.util.SplittableRandom;

/**
 * One workload set up on one backend, run exactly as a user writes it: a {@link RecurrentLayer},
 * for training {@link Loss#mse()} on every step's output, {@link Autograd#backward} and an
 * {@link Sgd} step, each operation inside its own {@link TensorScope}.
 *
 * <pre>{@code
 * try (WorkloadSession s = new WorkloadSession(backend, Workload.W2.shape(), 1)) {
 *     double loss = s.run();      // one training step
 * }
 * }</pre>
 */
public final class WorkloadSession implements AutoCloseable {
    /** SGD's learning rate, as the peers use: small, so that repeated steps stay finite. */
    public static final double LEARNING_RATE = 1e-6;

    private final WorkloadShape shape;
    private final RecurrentLayer layer;
    private final Tensor input;
    private final Tensor target;
    private final Sgd optimizer;
    private final Loss loss = Loss.mse();

    /**
     * Builds the layer (weights from {@code seed}), a uniform random input [T, B, I] and, for
     * training, a random target [T, B, H] and the optimizer.
     */
    public WorkloadSession(Backend backend, WorkloadShape shape, long seed) {
        this.shape = shape;
        this.layer = RecurrentLayer.builder(shape.cell()).backend(backend).inputSize(shape.inputSize())
                .hiddenSize(shape.hiddenSize()).seed(seed).build();
        layer.train(shape.training());
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.input = upload(backend, random, Shape.of(shape.steps(), shape.batch(), shape.inputSize()));
        this.target = shape.training()
                ? upload(backend, random, Shape.of(shape.steps(), shape.batch(), shape.hiddenSize()))
                : null;
        this.optimizer = shape.training() ? new Sgd(layer.parameters(), LEARNING_RATE) : null;
    }

    private static Tensor upload(Backend backend, SplittableRandom random, Shape shape) {
        float[] data = new float[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return backend.fromArray(data, shape);
    }

    /**
     * One operation: a training step (returns the loss) or an inference pass (returns the first
     * element of the final hidden state, which every step's result feeds).
     */
    public double run() {
        return shape.training() ? trainStep() : infer();
    }

    /** zero_grad, forward, MSE over every step's output, backward, SGD step. */
    private double trainStep() {
        try (TensorScope scope = TensorScope.open()) {
            LayerOutput out = layer.forward(Variable.constant(input));
            Variable value = loss.apply(out.output(), Variable.constant(target));
            optimizer.zeroGrad();
            Autograd.backward(value);
            optimizer.step();
            optimizer.keepIn(scope);
            return value.value().item();
        }
    }

    /** The forward pass without recording a graph. */
    private double infer() {
        try (TensorScope scope = TensorScope.open(); Autograd.NoGrad off = Autograd.noGrad()) {
            LayerOutput out = layer.forward(Variable.constant(input));
            Tensor hn = out.hn().value();
            return hn.backend().slice(hn.backend().reshape(hn, Shape.of(hn.size())), 0, 0, 1).item();
        }
    }

    /** The layer under test. */
    public RecurrentLayer layer() {
        return layer;
    }

    /** Frees the inputs, the parameters and the optimizer's state. */
    @Override
    public void close() {
        if (optimizer != null) {
            optimizer.close();
        }
        input.close();
        if (target != null) {
            target.close();
        }
        layer.parameters().forEach(p -> {
            p.zeroGrad();
            p.value().close();
        });
    }
}
