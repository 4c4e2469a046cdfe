package dev.jrnn.forecast.data;

/**
 * The columns of a data file to read, by header name (matched case-insensitively); a null name is
 * found by {@link SeriesReader}'s synonyms or, failing those, by position.
 *
 * @param series the column naming each row's series, null for synonyms (none: one series)
 * @param time   the time column, null for synonyms or position
 * @param value  the value column, null for synonyms or position
 */
public record ColumnNames(String series, String time, String value) {
    /** Every column found by its synonyms, else by position. */
    public static final ColumnNames AUTO = new ColumnNames(null, null, null);
}
