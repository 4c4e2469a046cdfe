package dev.jrnn.models.train;

/**
 * Training made the loss grow far above where it started (see
 * {@link TrainerBuilder#divergenceLimits}), though it stayed finite: the model it leaves is worse
 * than the untrained one. A learning rate too high is the usual cause. The message names the epoch
 * judged, its loss, the first step's loss and the first step (0-based epoch and step) whose loss
 * passed the limit.
 */
public class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;
    private final double loss;
    private final double initialLoss;

    /**
     * @param judged      the 0-based epoch whose mean training loss is too high
     * @param loss        that loss
     * @param initialLoss the loss of the first step, the untrained model's
     * @param factor      the limit, as a multiple of {@code initialLoss}
     * @param epoch       the 0-based epoch of the first step whose loss passed the limit
     * @param step        that step, 0-based within its epoch
     */
    public TrainingDivergedException(int judged, double loss, double initialLoss, double factor, int epoch, int step) {
        super(String.format("training diverged: the mean loss of epoch %d is %.4g, over %sx the first step's %.4g;"
                + " the loss first passed %.4g at epoch %d, step %d (a learning rate too high is the usual cause)",
                judged, loss, factor(factor), initialLoss, factor * initialLoss, epoch, step));
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
        this.initialLoss = initialLoss;
    }

    /** The 0-based epoch of the first step whose loss passed the limit. */
    public int epoch() {
        return epoch;
    }

    /** The first step whose loss passed the limit, 0-based within {@link #epoch()}. */
    public int step() {
        return step;
    }

    /** The mean training loss of the epoch judged. */
    public double loss() {
        return loss;
    }

    /** The loss of the first step of the run. */
    public double initialLoss() {
        return initialLoss;
    }

    private static String factor(double f) {
        return f == Math.rint(f) ? String.valueOf((long) f) : String.valueOf(f);
    }
}
