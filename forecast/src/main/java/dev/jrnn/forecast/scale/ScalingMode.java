package dev.jrnn.forecast.scale;

/** How each series is brought to a common scale before it enters the network. */
public enum ScalingMode {
    /** No scaling (beyond the optional log). */
    NONE,
    /** {@code (x - mean) / std} with the mean and standard deviation of the series' training part. */
    STANDARD,
    /**
     * Relative to the level of each input window, as ES-RNN does: {@code x / level - 1}, or
     * {@code x - level} after a log, the level being the window's mean.
     */
    LAST_WINDOW
}
