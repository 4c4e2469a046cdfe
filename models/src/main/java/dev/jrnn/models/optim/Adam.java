package dev.jrnn.models.optim;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.AdamStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as PyTorch's {@code torch.optim.Adam}: at step t, with {@code g = grad + wd p},
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 *
 * <p>{@link AdamW} decouples the weight decay instead: {@code p = p (1 - lr wd)} before the step.
 */
public class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps,
         double weightDecay, boolean decoupled) {
        super(parameters, learningRate);
        String owner = decoupled ? "AdamW" : "Adam";
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(owner + ": betas must lie in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        checkNonNegative(owner, "eps", eps);
        checkNonNegative(owner, "weight decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /**
     * @param beta1       decay of the first moment (PyTorch's default 0.9)
     * @param beta2       decay of the second moment (0.999)
     * @param eps         added to the denominator (1e-8)
     * @param weightDecay L2 penalty added to the gradient (0)
     */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps,
                double weightDecay) {
        this(parameters, learningRate, beta1, beta2, eps, weightDecay, false);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, 0.0, false);
    }

    @Override
    final List<String> stateNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    final Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("betas", "(" + beta1 + ", " + beta2 + ")");
        s.put("eps", Double.toString(eps));
        s.put("weight_decay", Double.toString(weightDecay));
        return s;
    }

    @Override
    final Tensor update(Backend be, Tensor value, Tensor grad, Slot slot) {
        double lr = learningRate();
        Tensor p = value;
        Tensor g = grad;
        if (decoupled) {
            p = weightDecay == 0.0 ? value : be.scale(value, 1.0 - lr * weightDecay);
        } else {
            g = withWeightDecay(be, grad, value, weightDecay);
        }
        double correction1 = 1.0 - Math.pow(beta1, slot.step);
        double correction2 = Math.sqrt(1.0 - Math.pow(beta2, slot.step));
        AdamStep step = be.adamStep(p, g, slot.state[0], slot.state[1], beta1, beta2, eps, lr / correction1,
                1.0 / correction2);
        slot.set(0, step.firstMoment());
        slot.set(1, step.secondMoment());
        return step.value();
    }
}
