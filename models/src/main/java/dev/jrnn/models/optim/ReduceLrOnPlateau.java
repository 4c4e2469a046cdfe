package dev.jrnn.models.optim;

/**
 * Lowers the learning rate when a monitored value stops improving: PyTorch's
 * {@code ReduceLROnPlateau}. Immutable settings; {@link #start()} makes the stateful {@link Tracker}
 * of one run, which is fed the monitored value (the validation loss) after every evaluation.
 *
 * <p>After each value {@code v}: {@code v} improves on the best so far {@code b} when
 * {@code v < b (1 - threshold)} (mode min, relative), {@code v < b - threshold} (min, absolute),
 * {@code v > b (1 + threshold)} (max, relative) or {@code v > b + threshold} (max, absolute); an
 * improvement resets the count of bad evaluations, any other value adds one. During a cooldown the
 * count stays 0. When the count exceeds {@code patience}, the rate becomes
 * {@code max(lr * factor, minLr)} (unless that changes it by no more than {@code eps}), the
 * cooldown starts, and the count restarts.
 *
 * <pre>{@code
 * Trainer.builder().optimizer(ps -> new Adam(ps, 1e-3))
 *         .reduceLrOnPlateau(ReduceLrOnPlateau.defaults().factor(0.5).patience(2))
 * }</pre>
 *
 * @param mode          whether lower values ({@link Mode#MIN}, a loss) or higher ones are better
 * @param factor        the rate's multiplier at a reduction, in (0, 1)
 * @param patience      bad evaluations tolerated before a reduction
 * @param threshold     the least change that counts as an improvement
 * @param thresholdMode whether {@code threshold} is relative to the best value or absolute
 * @param cooldown      evaluations after a reduction during which bad ones are not counted
 * @param minLr         the rate is never reduced below this
 * @param eps           reductions smaller than this are skipped
 */
public record ReduceLrOnPlateau(Mode mode, double factor, int patience, double threshold,
                                ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {

    /** Whether smaller or larger monitored values are better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is a fraction of the best value or an absolute difference. */
    public enum ThresholdMode { REL, ABS }

    public ReduceLrOnPlateau {
        if (mode == null || thresholdMode == null) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: mode and threshold mode are required");
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: factor must lie in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: patience and cooldown must be >= 0, got "
                    + patience + " and " + cooldown);
        }
        if (!(threshold >= 0) || !(minLr >= 0) || !(eps >= 0) || Double.isInfinite(threshold)
                || Double.isInfinite(minLr) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau: threshold, minLr and eps must be finite and >= 0,"
                    + " got " + threshold + ", " + minLr + " and " + eps);
        }
    }

    /** PyTorch's defaults: min, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8. */
    public static ReduceLrOnPlateau defaults() {
        return new ReduceLrOnPlateau(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);
    }

    public ReduceLrOnPlateau mode(Mode mode) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau factor(double factor) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau patience(int patience) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau threshold(double threshold, ThresholdMode thresholdMode) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau cooldown(int cooldown) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau minLr(double minLr) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceLrOnPlateau eps(double eps) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** A tracker for one run, with nothing seen yet. */
    public Tracker start() {
        return new Tracker(this, new State(mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
                0, 0, 0));
    }

    @Override
    public String toString() {
        return "ReduceLrOnPlateau(mode=" + mode.name().toLowerCase() + ", factor=" + factor + ", patience=" + patience
                + ", threshold=" + threshold + ", threshold_mode=" + thresholdMode.name().toLowerCase() + ", cooldown="
                + cooldown + ", min_lr=" + minLr + ")";
    }

    /**
     * What a tracker has seen, PyTorch's scheduler {@code state_dict}: the best value, the count of
     * bad evaluations, the evaluations of cooldown left, and the evaluations seen.
     */
    public record State(double best, int badEvaluations, int cooldownLeft, int evaluations) {
    }

    /** The state of one run: fed each evaluation's value, it gives the rate to use next. Not thread-safe. */
    public static final class Tracker {
        private final ReduceLrOnPlateau settings;
        private State state;

        private Tracker(ReduceLrOnPlateau settings, State state) {
            this.settings = settings;
            this.state = state;
        }

        public ReduceLrOnPlateau settings() {
            return settings;
        }

        /**
         * Records the monitored value of one evaluation and returns the learning rate to use from now
         * on, {@code rate} itself or its reduction.
         *
         * @throws IllegalArgumentException for a NaN value (nothing could be compared with it)
         */
        public double step(double value, double rate) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("ReduceLrOnPlateau: the monitored value is NaN after evaluation "
                        + state.evaluations());
            }
            double best = state.best();
            int bad = state.badEvaluations() + 1;
            if (isBetter(value, best)) {
                best = value;
                bad = 0;
            }
            int cooldownLeft = state.cooldownLeft();
            if (cooldownLeft > 0) {
                cooldownLeft--;
                bad = 0;
            }
            double next = rate;
            if (bad > settings.patience()) {
                double reduced = Math.max(rate * settings.factor(), settings.minLr());
                if (rate - reduced > settings.eps()) {
                    next = reduced;
                }
                cooldownLeft = settings.cooldown();
                bad = 0;
            }
            state = new State(best, bad, cooldownLeft, state.evaluations() + 1);
            return next;
        }

        private boolean isBetter(double value, double best) {
            boolean relative = settings.thresholdMode() == ThresholdMode.REL;
            double t = settings.threshold();
            if (settings.mode() == Mode.MIN) {
                return relative ? value < best * (1 - t) : value < best - t;
            }
            return relative ? value > best * (t + 1) : value > best + t;
        }

        /** What this tracker has seen (for a checkpoint). */
        public State state() {
            return state;
        }

        /** Continues from {@code saved} (a checkpoint's). */
        public void restore(State saved) {
            if (saved == null || saved.badEvaluations() < 0 || saved.cooldownLeft() < 0 || saved.evaluations() < 0
                    || Double.isNaN(saved.best())) {
                throw new IllegalArgumentException("ReduceLrOnPlateau: invalid saved state " + saved);
            }
            this.state = saved;
        }
    }
}
