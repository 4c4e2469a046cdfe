package dev.jrnn.models.optim;

/**
 * The learning rate as a function of a 0-based count {@code e}: the epoch when the trainer applies
 * it at the start of each epoch ({@code TrainerBuilder.schedule}), the optimizer step of the whole
 * run when it applies it before every step ({@code TrainerBuilder.stepSchedule}); either way
 * through {@link Optimizer#setLearningRate}. The formulas below say "epoch" for {@code e}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate of epoch (or step) {@code epoch}. */
    double rate(int epoch);

    /** The same rate every epoch. */
    static LearningRateSchedule constant(double rate) {
        return epoch -> rate;
    }

    /**
     * Step decay, PyTorch's {@code StepLR}: {@code lr(e) = base * gamma^floor(e / stepSize)}.
     */
    static LearningRateSchedule stepDecay(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("stepDecay: stepSize must be positive, got " + stepSize);
        }
        return epoch -> base * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }

    /**
     * Cosine annealing, the closed form of PyTorch's {@code CosineAnnealingLR}:
     * {@code lr(e) = min + (base - min) (1 + cos(pi e / period)) / 2}, held at {@code min} after the period.
     */
    static LearningRateSchedule cosineAnnealing(double base, int period, double min) {
        if (period <= 0) {
            throw new IllegalArgumentException("cosineAnnealing: period must be positive, got " + period);
        }
        return epoch -> epoch >= period ? min : min + (base - min) * (1 + Math.cos(Math.PI * epoch / period)) / 2;
    }

    /**
     * This schedule with a linear warmup, PyTorch's {@code LinearLR} chained before it:
     * {@code lr(e) = rate(e) * (f + (1 - f) min(e, epochs) / epochs)} with start factor {@code f}.
     */
    default LearningRateSchedule withWarmup(int epochs, double startFactor) {
        if (epochs <= 0 || !(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("withWarmup: needs epochs > 0 and a start factor in (0, 1], got "
                    + epochs + " and " + startFactor);
        }
        return epoch -> rate(epoch) * (startFactor + (1 - startFactor) * Math.min(epoch, epochs) / (double) epochs);
    }
}
