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
        return new NamedSchedule("Constant(lr=" + rate + ")", epoch -> rate);
    }

    /**
     * Step decay, PyTorch's {@code StepLR}: {@code lr(e) = base * gamma^floor(e / stepSize)}.
     */
    static LearningRateSchedule stepDecay(double base, int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("stepDecay: stepSize must be positive, got " + stepSize);
        }
        return new NamedSchedule("StepDecay(lr=" + base + ", step_size=" + stepSize + ", gamma=" + gamma + ")",
                epoch -> base * Math.pow(gamma, Math.floorDiv(epoch, stepSize)));
    }

    /**
     * Cosine annealing, the closed form of PyTorch's {@code CosineAnnealingLR}:
     * {@code lr(e) = min + (base - min) (1 + cos(pi e / period)) / 2}, held at {@code min} after the period.
     */
    static LearningRateSchedule cosineAnnealing(double base, int period, double min) {
        if (period <= 0) {
            throw new IllegalArgumentException("cosineAnnealing: period must be positive, got " + period);
        }
        return new NamedSchedule("CosineAnnealing(lr=" + base + ", period=" + period + ", min_lr=" + min + ")",
                epoch -> epoch >= period ? min : min + (base - min) * (1 + Math.cos(Math.PI * epoch / period)) / 2);
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
        return new NamedSchedule(this + ".withWarmup(" + epochs + ", start_factor=" + startFactor + ")",
                epoch -> rate(epoch) * (startFactor + (1 - startFactor) * Math.min(epoch, epochs) / (double) epochs));
    }

    /**
     * PyTorch's {@code OneCycleLR} (Smith and Topin, 2019) with its defaults: {@code pctStart} 0.3,
     * {@code divFactor} 25, {@code finalDivFactor} 1e4. See {@link #oneCycle(double, int, double, double, double)}.
     */
    static LearningRateSchedule oneCycle(double maxRate, int totalSteps) {
        return oneCycle(maxRate, totalSteps, 0.3, 25, 1e4);
    }

    /**
     * The one-cycle policy, PyTorch's {@code OneCycleLR} with cosine annealing, two phases and the
     * learning rate alone ({@code cycle_momentum=False}), meant per step. With
     * {@code initial = maxRate / divFactor}, {@code min = initial / finalDivFactor} and
     * {@code a = pctStart * totalSteps - 1}, step {@code k} gets
     * {@code cos(start, end, p) = end + (start - end) / 2 (1 + cos(pi p))} with
     * {@code (start, end, p) = (initial, maxRate, k / a)} for {@code k <= a}, else
     * {@code (maxRate, min, (k - a) / (totalSteps - 1 - a))}; held at {@code min} after the last step.
     *
     * @param totalSteps     steps of the cycle, K (the trainer's {@code stepSchedule} gives the run's)
     * @param pctStart       the share of the steps spent rising, in (0, 1)
     * @param divFactor      {@code maxRate / initial}
     * @param finalDivFactor {@code initial / min}
     */
    static LearningRateSchedule oneCycle(double maxRate, int totalSteps, double pctStart, double divFactor,
                                         double finalDivFactor) {
        double rise = pctStart * totalSteps - 1;
        int last = totalSteps - 1;
        if (!(maxRate > 0) || !(divFactor > 0) || !(finalDivFactor > 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("oneCycle: maxRate, divFactor and finalDivFactor must be positive and"
                    + " finite, got " + maxRate + ", " + divFactor + " and " + finalDivFactor);
        }
        if (!(pctStart > 0 && pctStart < 1) || !(rise > 0) || !(last > rise)) {
            throw new IllegalArgumentException("oneCycle: pctStart " + pctStart + " of " + totalSteps + " steps leaves"
                    + " a phase without steps; needs pctStart * totalSteps > 1 and pctStart < 1 - 1 / totalSteps");
        }
        double initial = maxRate / divFactor;
        double min = initial / finalDivFactor;
        return new NamedSchedule("OneCycle(max_lr=" + maxRate + ", total_steps=" + totalSteps + ", pct_start="
                + pctStart + ", div_factor=" + divFactor + ", final_div_factor=" + finalDivFactor + ")", step -> {
                    if (step <= rise) {
                        return cosineBetween(initial, maxRate, step / rise);
                    }
                    return step >= last ? cosineBetween(maxRate, min, 1.0)
                            : cosineBetween(maxRate, min, (step - rise) / (last - rise));
                });
    }

    /** PyTorch's {@code _annealing_cos}, in its order of operations (so that the rates match to the bit). */
    private static double cosineBetween(double start, double end, double fraction) {
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * fraction) + 1);
    }
}
