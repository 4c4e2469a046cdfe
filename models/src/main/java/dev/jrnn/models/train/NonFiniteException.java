package dev.jrnn.models.train;

/**
 * A value that must be finite is NaN or infinite: a training step's loss or a parameter's
 * gradient (the message names the 0-based epoch and step, and the parameter), weights about to be
 * saved, a history given to a forecaster, or a forecast (the message names the parameter, or the
 * series and the step). The one exception jrnn throws for non-finite numbers.
 */
public class NonFiniteException extends ArithmeticException {
    /** {@link #epoch()} and {@link #step()} of a value met outside training. */
    public static final int NOT_IN_TRAINING = -1;
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;

    /** {@code what} is non-finite at the 0-based {@code epoch} and {@code step} of a training run. */
    public NonFiniteException(String what, int epoch, int step) {
        super(what + " at epoch " + epoch + ", step " + step);
        this.epoch = epoch;
        this.step = step;
    }

    /** A non-finite value outside training; {@code message} says which and where. */
    public NonFiniteException(String message) {
        super(message);
        this.epoch = NOT_IN_TRAINING;
        this.step = NOT_IN_TRAINING;
    }

    /** The 0-based epoch, or {@link #NOT_IN_TRAINING}. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based step within the epoch, or {@link #NOT_IN_TRAINING}. */
    public int step() {
        return step;
    }

    /** The index of the first NaN or infinity in {@code values}, or -1 when all are finite. */
    public static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Fails when a parameter about to be saved holds a NaN or infinity, naming it and the flat index:
     * a model that diverged is not written over a good file.
     *
     * @param parameter the parameter's name
     * @param values    its values, flat
     */
    public static void requireFiniteWeights(String parameter, double[] values) {
        int i = firstNonFinite(values);
        if (i >= 0) {
            throw new NonFiniteException("parameter " + parameter + " holds " + values[i] + " at index " + i
                    + "; a model with non-finite weights is not saved");
        }
    }
}
