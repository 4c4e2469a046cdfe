package dev.jrnn.forecast.data;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a header's series, time and value columns are. A column named by the {@link ColumnNames} is
 * taken (an error when the header lacks it); otherwise by its synonyms, in any case: series
 * {@code series|series_id|id|unique_id|item_id}; time {@code date|time|timestamp|datetime|date_time|ds},
 * else the one column named {@code period|year|quarter|month|week|day|hour}; value
 * {@code value|values|y|target}. Where the time or value column is still missing and exactly as many
 * columns are left over, those are taken in order (time first), as in a {@code Month,#Passengers} file,
 * and a note says so.
 *
 * @param series the series column, -1 for none (one series)
 * @param time   the time column
 * @param value  the value column
 * @param byPosition whether the time column was taken by position
 * @param notes  what was assumed, for the reading report
 */
record HeaderColumns(int series, int time, int value, boolean byPosition, List<String> notes) {
    static final List<String> SERIES_NAMES = List.of("series", "series_id", "id", "unique_id", "item_id");
    static final List<String> TIME_NAMES = List.of("date", "time", "timestamp", "datetime", "date_time", "ds");
    static final List<String> PERIOD_NAMES = List.of("period", "year", "quarter", "month", "week", "day", "hour");
    static final List<String> VALUE_NAMES = List.of("value", "values", "y", "target");
    private static final String NAMING = "name the columns to read (--time-column, --value-column, --series-column)";

    /** The columns of the header {@code columns}, on line {@code line} of {@code file}. */
    static HeaderColumns find(String file, int line, List<String> columns, ColumnNames names) {
        Finder f = new Finder(file, line, columns);
        int series = names.series() != null ? f.named(names.series(), "series") : f.synonym(SERIES_NAMES, "series");
        int time = names.time() != null ? f.named(names.time(), "time") : f.synonym(TIME_NAMES, "time");
        if (time < 0 && names.time() == null) {
            time = f.onlyOne(PERIOD_NAMES, series);
        }
        int value = names.value() != null ? f.named(names.value(), "value") : f.synonym(VALUE_NAMES, "value");
        List<Integer> left = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (c != series && c != time && c != value) {
                left.add(c);
            }
        }
        int missing = (time < 0 ? 1 : 0) + (value < 0 ? 1 : 0);
        if (missing == 0) {
            return new HeaderColumns(series, time, value, false, List.of());
        }
        if (left.size() != missing) {
            String lacking = time < 0 && value < 0 ? "no time and no value column" : time < 0 ? "no time column"
                    : "no value column";
            throw new SeriesFormatException(file, line, 0, "the header " + columns + " has " + lacking + "; "
                    + expected() + "; or " + NAMING);
        }
        boolean timeByPosition = time < 0;
        List<String> taken = new ArrayList<>();
        if (time < 0) {
            time = left.remove(0);
            taken.add("'" + columns.get(time) + "' as the time");
        }
        if (value < 0) {
            value = left.remove(0);
            taken.add("'" + columns.get(value) + "' as the value");
        }
        String note = file + ": took the column " + String.join(" and ", taken) + " by position";
        return new HeaderColumns(series, time, value, timeByPosition, List.of(note));
    }

    /** The timestamps of the time column's {@code texts}; a failure says when the column was a guess. */
    Timestamps.Column parseTimes(String file, List<String> texts, int[] lines, DateOrder order) {
        try {
            return Timestamps.parse(file, time + 1, texts, lines, order);
        } catch (SeriesFormatException e) {
            if (!byPosition) {
                throw e;
            }
            throw new SeriesFormatException(e.file(), e.line(), e.column(), e.problem()
                    + " (the time column was taken by position; " + NAMING + ")");
        }
    }

    static String expected() {
        return "expected a time column (" + String.join(", ", TIME_NAMES) + "), a value column ("
                + String.join(", ", VALUE_NAMES) + ") and, for several series, a series column ("
                + String.join(", ", SERIES_NAMES) + ")";
    }

    /** Looks columns up in one header. */
    private record Finder(String file, int line, List<String> columns) {
        /** The column named {@code name}, in any case; an error when there is none. */
        int named(String name, String role) {
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).equalsIgnoreCase(name.strip())) {
                    return c;
                }
            }
            throw new SeriesFormatException(file, line, 0, "no column '" + name + "' for the " + role
                    + " in the header " + columns);
        }

        /** The one column named by {@code names}, -1 when none is; an error when two are. */
        int synonym(List<String> names, String role) {
            int found = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (names.contains(columns.get(c).toLowerCase(Locale.ROOT))) {
                    if (found >= 0) {
                        throw new SeriesFormatException(file, line, c + 1, "columns '" + columns.get(found) + "' and '"
                                + columns.get(c) + "' both name the " + role + "; keep one or " + NAMING);
                    }
                    found = c;
                }
            }
            return found;
        }

        /** The column named by {@code names} when exactly one (other than {@code taken}) is, else -1. */
        int onlyOne(List<String> names, int taken) {
            int found = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (c != taken && names.contains(columns.get(c).toLowerCase(Locale.ROOT))) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = c;
                }
            }
            return found;
        }
    }
}
