package dev.jrnn.forecast.train;

import dev.jrnn.api.Shape;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.Strategy;
import dev.jrnn.forecast.network.ForecastNetwork;
import dev.jrnn.models.train.Model;
import java.util.List;

/**
 * The forecasting network as the trainer's {@link Model}: batch-first windows [B, T, I] in, the
 * head's outputs out, shaped as the targets with k outputs per target on a trailing axis
 * ([B, H, k] direct, [B, T, k] recursive; no trailing axis when k is 1), as the head's loss
 * ({@link ForecastNetwork#loss}) takes them. Public so that a trainer other than
 * {@link ForecastTrainer}'s (a distributed one) computes the same loss and gradients.
 */
public final class HeadModel implements Model {
    private final ForecastNetwork network;
    private final ForecastConfig config;

    public HeadModel(ForecastNetwork network, ForecastConfig config) {
        this.network = network;
        this.config = config;
    }

    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    @Override
    public Variable forward(Variable input) {
        int batch = input.shape().dim(0);
        int steps = input.shape().dim(1);
        int k = config.outputsPerStep();
        boolean direct = config.strategy() == Strategy.DIRECT;
        // the network runs sequence first
        Variable head = network.forward(network.backend().transpose(input.value(), 1, 0, 2), null, !direct).head();
        if (direct) {
            return k == 1 ? head : Ops.reshape(head, Shape.of(batch, config.horizon(), k));
        }
        Variable byStep = Ops.transpose(Ops.reshape(head, Shape.of(steps, batch, k)), 1, 0, 2);
        return k == 1 ? Ops.reshape(byStep, Shape.of(batch, steps)) : byStep;
    }
}
