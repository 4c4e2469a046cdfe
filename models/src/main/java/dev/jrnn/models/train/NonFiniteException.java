package dev.jrnn.models.train;

/**
 * The loss or a gradient became NaN or infinite; the message names the epoch and step (both
 * 0-based) and, for a gradient, the parameter.
 */
public class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;

    public NonFiniteException(String what, int epoch, int step) {
        super(what + " at epoch " + epoch + ", step " + step);
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
