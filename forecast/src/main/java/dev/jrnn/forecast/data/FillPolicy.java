package dev.jrnn.forecast.data;

/**
 * What {@link SeriesReader} does with missing values (empty, {@code NA}, {@code NaN}, {@code null}, ...)
 * and with gaps, timestamps missing from a series' regular grid. Values before a series' first
 * observed value cannot be filled by either policy and are dropped (the series starts later); values
 * missing after its last observed value (rows of times not yet observed) are dropped too, rather than
 * made up (the series ends there, and its forecast starts after it).
 */
public enum FillPolicy {
    /** Nothing is filled: a missing value or a gap is an error naming its position. */
    NONE,
    /** Each hole takes the last observed value before it. */
    PREVIOUS,
    /**
     * Each hole is interpolated linearly between the observed values around it (the grid is regular, so
     * linear in time).
     */
    LINEAR
}
