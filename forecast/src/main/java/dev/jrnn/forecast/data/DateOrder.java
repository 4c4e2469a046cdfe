package dev.jrnn.forecast.data;

/**
 * How {@link SeriesReader} reads dates that put day and month before the year ({@code 01/02/2000}),
 * which can mean either order. Year-first dates ({@code 2000-02-01}) never depend on it.
 */
public enum DateOrder {
    /**
     * Decided by the column itself: a first number above 12 somewhere means day first, a second
     * number above 12 month first; when no date decides it (or two disagree) reading fails.
     */
    FROM_DATA,
    /** {@code 01/02/2000} is the 1st of February. */
    DAY_FIRST,
    /** {@code 01/02/2000} is the 2nd of January. */
    MONTH_FIRST
}
