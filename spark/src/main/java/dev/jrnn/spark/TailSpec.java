package dev.jrnn.spark;

import java.io.Serializable;

/**
 * How much of each series is kept: its last {@code window} observations, plus up to
 * {@code alignment - 1} more so that the number cut off is a multiple of {@code alignment} (a model
 * that reads the position within the season from the index, without timestamps, then sees every
 * observation at its own phase). {@code window} of {@link Integer#MAX_VALUE} keeps whole series.
 *
 * @param window    observations kept at least (all of a shorter series)
 * @param alignment the cut is a multiple of it; 1 for none
 * @param moments   whether the moments of each whole series' values and logs are gathered (a STANDARD
 *                  scaler needs them; without, {@link HistoryFacts}' mean and deviations are NaN)
 */
record TailSpec(int window, int alignment, boolean moments) implements Serializable {

    TailSpec {
        if (window < 1 || alignment < 1) {
            throw new IllegalArgumentException("a tail keeps at least one observation at an alignment of at least 1, got "
                    + window + " and " + alignment);
        }
    }

    /** A tail that gathers the moments. */
    TailSpec(int window, int alignment) {
        this(window, alignment, true);
    }

    /** Whole series. */
    static TailSpec whole() {
        return new TailSpec(Integer.MAX_VALUE, 1);
    }

    boolean bounded() {
        return window != Integer.MAX_VALUE;
    }

    /** Observations held at most while a tail is built. */
    int capacity() {
        return bounded() ? window + alignment - 1 : Integer.MAX_VALUE;
    }

    /** Observations kept of a series of {@code length}: {@code length} itself, or the window plus {@code (length - window) mod alignment}. */
    int kept(long length) {
        if (length <= window) {
            return (int) length;
        }
        return window + (int) ((length - window) % alignment);
    }
}
