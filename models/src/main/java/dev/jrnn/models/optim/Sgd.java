package dev.jrnn.models.optim;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD}: with {@code g = grad + wd p},
 * momentum buffer {@code b = g} at the first step, then {@code b = mu b + (1 - dampening) g};
 * the direction is {@code d = g + mu b} (Nesterov) or {@code d = b} (or {@code g} when
 * {@code mu = 0}); {@code p = p - lr d}.
 */
public final class Sgd extends AbstractOptimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /**
     * @param momentum    mu, 0 for plain SGD
     * @param dampening   damping of the gradient's share of the buffer
     * @param nesterov    Nesterov momentum (needs momentum &gt; 0 and no dampening)
     * @param weightDecay L2 penalty added to the gradient
     */
    public Sgd(List<Parameter> parameters, double learningRate, double momentum, double dampening, boolean nesterov,
               double weightDecay) {
        super(parameters, learningRate);
        checkNonNegative("Sgd", "momentum", momentum);
        checkNonNegative("Sgd", "dampening", dampening);
        checkNonNegative("Sgd", "weight decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and zero dampening, got "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /** Plain SGD, {@code p = p - lr grad}. */
    public Sgd(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0, 0, false, 0);
    }

    /** SGD with classical momentum {@code mu}, no dampening, no weight decay. */
    public Sgd(List<Parameter> parameters, double learningRate, double momentum) {
        this(parameters, learningRate, momentum, 0, false, 0);
    }

    @Override
    List<String> stateNames() {
        return List.of("momentum_buffer");
    }

    @Override
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("momentum", Double.toString(momentum));
        s.put("dampening", Double.toString(dampening));
        s.put("nesterov", Boolean.toString(nesterov));
        s.put("weight_decay", Double.toString(weightDecay));
        return s;
    }

    @Override
    Tensor update(Backend be, Tensor value, Tensor grad, Slot slot) {
        Tensor g = withWeightDecay(be, grad, value, weightDecay);
        Tensor direction = g;
        if (momentum != 0) {
            Tensor buffer = slot.state[0] == null
                    ? be.scale(g, 1.0)
                    : be.add(be.scale(slot.state[0], momentum), be.scale(g, 1.0 - dampening));
            slot.set(0, buffer);
            direction = nesterov ? be.add(g, be.scale(buffer, momentum)) : buffer;
        }
        return be.sub(value, be.scale(direction, learningRate()));
    }
}
