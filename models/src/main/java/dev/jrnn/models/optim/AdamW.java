package dev.jrnn.models.optim;

import dev.jrnn.api.autograd.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) as PyTorch's {@code torch.optim.AdamW}: the weights decay
 * separately from the gradient, {@code p = p (1 - lr wd)}, then the {@link Adam} step without the
 * L2 term.
 */
public final class AdamW extends Adam {

    /** AdamW with all settings; PyTorch's defaults are (0.9, 0.999), 1e-8 and weight decay 0.01. */
    public AdamW(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps,
                 double weightDecay) {
        super(parameters, learningRate, beta1, beta2, eps, weightDecay, true);
    }

    /** AdamW with PyTorch's defaults and weight decay {@code weightDecay}. */
    public AdamW(List<Parameter> parameters, double learningRate, double weightDecay) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }
}
