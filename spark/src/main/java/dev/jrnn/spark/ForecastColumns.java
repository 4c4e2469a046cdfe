package dev.jrnn.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of long-format series data, one row per observation: which series, when, what value.
 * The forecasts come back with the same series and time column names.
 *
 * @param seriesId the series' identifier (any type, read as text)
 * @param time     the observation's time: a timestamp, date or text date-time, or an integer index
 * @param value    the observation: a number, or text that holds one
 */
public record ForecastColumns(String seriesId, String time, String value) implements Serializable {

    public ForecastColumns {
        for (String c : new String[] {seriesId, time, value}) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("forecast columns need three names (series id, time, value), got "
                        + seriesId + ", " + time + ", " + value);
            }
        }
        if (seriesId.equalsIgnoreCase(time) || seriesId.equalsIgnoreCase(value) || time.equalsIgnoreCase(value)) {
            throw new IllegalArgumentException("forecast columns must differ, got " + seriesId + ", " + time + ", "
                    + value);
        }
    }

    /** {@code series_id}, {@code time}, {@code value}. */
    public static ForecastColumns defaults() {
        return new ForecastColumns("series_id", "time", "value");
    }

    /**
     * The field of {@code schema} that is column {@code name} (matched without regard to case, as
     * Spark resolves names by default).
     *
     * @param role what the column is for, for the message
     * @throws IllegalArgumentException naming the column, its role and the columns the data has
     */
    static StructField field(StructType schema, String name, String role) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        for (StructField f : schema.fields()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("the data has no " + role + " column '" + name + "'; its columns are "
                + Arrays.toString(schema.fieldNames()) + " (name the columns with ForecastColumns or --series-column,"
                + " --time-column, --value-column)");
    }

    /** Checks that the three columns are there, naming the first that is not. */
    void check(StructType schema) {
        field(schema, seriesId, "series id");
        field(schema, time, "time");
        field(schema, value, "value");
    }
}
