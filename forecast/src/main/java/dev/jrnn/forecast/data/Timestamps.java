package dev.jrnn.forecast.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time column: ISO dates ({@code 2000-01-31}, also with {@code /} or {@code .}), date-times
 * with {@code T} or a space ({@code 2000-01-31 12:30:00}, optionally with an offset, {@code Z} or
 * {@code +01:00}: the clock time written is read, or UTC where the offset changes, see {@link #resolveOffsets}), year-months ({@code 2000-01}), years ({@code 2000}), quarters ({@code 2000Q1},
 * {@code 2000-Q1}), month names ({@code Jan 2000}), and day/month/year dates ({@code 31/01/2000}),
 * whose order comes from a {@link DateOrder}, never from a guess. Two-digit years are not read.
 */
final class Timestamps {
    private static final String TIME = "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
            + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?";
    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})" + TIME);
    private static final Pattern DAY_OR_MONTH_FIRST = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})" + TIME);
    private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})[-/](\\d{1,2})");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    /** Seconds (or milliseconds) since 1970 from 1973 on: a number of 9 to 13 digits, which no date form reads. */
    private static final Pattern UNIX_TIME = Pattern.compile("\\d{9,13}(\\.\\d+)?");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})\\s*-?\\s*Q([1-4])|Q([1-4])[\\s-](\\d{4})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_NAME = Pattern.compile("([A-Za-z]{3,9})[\\s-](\\d{4})");
    private static final Map<String, Month> MONTHS = new HashMap<>();

    static {
        for (Month m : Month.values()) {
            MONTHS.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m);
            MONTHS.put(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), m);
        }
    }

    private Timestamps() {
    }

    /**
     * A time column read.
     *
     * @param times   the timestamps, in the order of the texts
     * @param utcNote null where the times are the clock times written; otherwise they are UTC, and this
     *                says why (the offset changes, naming the first change)
     */
    record Column(LocalDateTime[] times, String utcNote) {
        boolean utc() {
            return utcNote != null;
        }
    }

    /**
     * The timestamps of {@code texts}, read from lines {@code lines} of column {@code column} of {@code file}.
     *
     * @throws SeriesFormatException naming the line of the first text that is not a time, or of dates
     *                               whose day/month order is ambiguous or contradictory, or of a time
     *                               without an offset among times whose offset changes
     */
    static Column parse(String file, int column, List<String> texts, int[] lines, DateOrder order) {
        LocalDateTime[] out = new LocalDateTime[texts.size()];
        int dayFirstLine = 0;
        int monthFirstLine = 0;
        int ambiguousLine = 0;
        for (int i = 0; i < out.length; i++) {
            String text = texts.get(i);
            Matcher m = DAY_OR_MONTH_FIRST.matcher(text);
            if (m.matches()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(3));
                if (a > 12 && b <= 12 && dayFirstLine == 0) {
                    dayFirstLine = lines[i];
                } else if (b > 12 && a <= 12 && monthFirstLine == 0) {
                    monthFirstLine = lines[i];
                } else if (a <= 12 && b <= 12 && a != b && ambiguousLine == 0) {
                    ambiguousLine = lines[i];
                }
                continue;
            }
            out[i] = parseYearFirst(file, lines[i], column, text);
        }
        DateOrder resolved = order;
        if (order == DateOrder.FROM_DATA) {
            if (dayFirstLine > 0 && monthFirstLine > 0) {
                throw new SeriesFormatException(file, monthFirstLine, column, "'" + texts.get(indexOf(lines, monthFirstLine))
                        + "' puts the month first but '" + texts.get(indexOf(lines, dayFirstLine)) + "' on line "
                        + dayFirstLine + " puts the day first; write ISO dates (2000-01-31)");
            }
            resolved = dayFirstLine > 0 ? DateOrder.DAY_FIRST : monthFirstLine > 0 ? DateOrder.MONTH_FIRST : null;
            if (resolved == null && ambiguousLine > 0) {
                String example = texts.get(indexOf(lines, ambiguousLine));
                throw new SeriesFormatException(file, ambiguousLine, column, "'" + example + "' may be day/month or"
                        + " month/day and no date in the column tells which; write ISO dates (2000-01-31) or give"
                        + " the order (--date-order dmy or mdy)");
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                Matcher m = DAY_OR_MONTH_FIRST.matcher(texts.get(i));
                m.matches();
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(3));
                boolean dayFirst = resolved != DateOrder.MONTH_FIRST;
                out[i] = dateTime(file, lines[i], column, texts.get(i), Integer.parseInt(m.group(4)),
                        dayFirst ? b : a, dayFirst ? a : b, m, 5);
            }
        }
        return resolveOffsets(file, column, texts, lines, out);
    }

    /**
     * Times are read as the clock time written, whatever their offset ({@code Z}, {@code +01:00}): right
     * where every offset is the same (one zone without daylight saving time), and for dates (every time at
     * one time of day: daily or longer steps keep their dates across a change of offset). Otherwise a
     * change of offset (daylight saving time) skips or repeats an hour of clock time, so every time is
     * taken as the instant it names, on the UTC clock, where the step is regular again (as pandas'
     * {@code to_datetime(utc=True)}); a time without an offset among them names no instant and is refused.
     */
    private static Column resolveOffsets(String file, int column, List<String> texts, int[] lines, LocalDateTime[] times) {
        ZoneOffset previous = null;
        int previousIndex = -1;
        int change = -1;
        ZoneOffset[] offsets = new ZoneOffset[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            offsets[i] = offset(texts.get(i));
            if (offsets[i] == null || change >= 0) {
                continue;
            }
            if (previous != null && !offsets[i].equals(previous)) {
                change = i;
            } else {
                previous = offsets[i];
                previousIndex = i;
            }
        }
        if (change < 0 || java.util.Arrays.stream(times).map(LocalDateTime::toLocalTime).distinct().count() == 1) {
            return new Column(times, null);
        }
        for (int i = 0; i < times.length; i++) {
            if (offsets[i] == null) {
                throw new SeriesFormatException(file, lines[i], column, "'" + texts.get(i) + "' has no time zone offset,"
                        + " but the column's offsets change (" + id(previous) + " on line " + lines[previousIndex] + ", "
                        + id(offsets[change]) + " on line " + lines[change] + "), so it names no one instant; write"
                        + " every time with its offset, or all in UTC (Z)");
            }
            times[i] = times[i].atOffset(offsets[i]).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return new Column(times, "the time zone offset changes from " + id(previous) + " ('" + texts.get(previousIndex)
                + "', line " + lines[previousIndex] + ") to " + id(offsets[change]) + " ('" + texts.get(change)
                + "', line " + lines[change] + "), as daylight saving time does: times read as UTC instants, so that"
                + " the step stays regular; forecasts are written in UTC (Z)");
    }

    private static String id(ZoneOffset offset) {
        return offset.getId().replace("Z", "+00:00");
    }

    /** The offset a date-time is written with, or null. */
    private static ZoneOffset offset(String text) {
        Matcher m = YEAR_FIRST.matcher(text);
        if (!m.matches()) {
            m = DAY_OR_MONTH_FIRST.matcher(text);
            if (!m.matches()) {
                return null;
            }
        }
        String offset = m.group(9);
        return offset == null ? null : offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset);
    }

    /** {@code t} as ISO text, the date alone at midnight. */
    static String format(LocalDateTime t) {
        return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
    }

    private static int indexOf(int[] lines, int line) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == line) {
                return i;
            }
        }
        throw new IllegalStateException("line " + line);
    }

    private static LocalDateTime parseYearFirst(String file, int line, int column, String text) {
        try {
            Matcher m = YEAR_FIRST.matcher(text);
            if (m.matches()) {
                return dateTime(file, line, column, text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), m, 5);
            }
            if ((m = YEAR_MONTH.matcher(text)).matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1).atStartOfDay();
            }
            if (YEAR.matcher(text).matches()) {
                return LocalDate.of(Integer.parseInt(text), 1, 1).atStartOfDay();
            }
            if ((m = QUARTER.matcher(text)).matches()) {
                int year = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(4));
                int quarter = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
                return LocalDate.of(year, 3 * quarter - 2, 1).atStartOfDay();
            }
            if ((m = MONTH_NAME.matcher(text)).matches() && MONTHS.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
                return LocalDate.of(Integer.parseInt(m.group(2)), MONTHS.get(m.group(1).toLowerCase(Locale.ROOT)), 1)
                        .atStartOfDay();
            }
        } catch (DateTimeException e) {
            throw new SeriesFormatException(file, line, column, "'" + text + "' is not a valid date: " + e.getMessage());
        }
        throw new SeriesFormatException(file, line, column, "'" + text + "' is not a date or date-time (read are"
                + " 2000-01-31, 2000-01-31T12:00, 2000-01-31 12:00, 2000-01, 2000, 2000Q1, Jan 2000, 31/01/2000)"
                + (UNIX_TIME.matcher(text).matches() ? "; Unix time (seconds or milliseconds since 1970) is not read:"
                + " write the times as ISO date-times in UTC (2026-01-01T00:00Z)" : ""));
    }

    /** The date and the optional time of groups {@code first..first+4} of {@code m} (hour, minute, second, fraction, offset). */
    private static LocalDateTime dateTime(String file, int line, int column, String text, int year, int month, int day,
                                          Matcher m, int first) {
        try {
            LocalDate date = LocalDate.of(year, month, day);
            if (m.group(first) == null) {
                return date.atStartOfDay();
            }
            String fraction = m.group(first + 3);
            int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            return date.atTime(LocalTime.of(Integer.parseInt(m.group(first)), Integer.parseInt(m.group(first + 1)),
                    m.group(first + 2) == null ? 0 : Integer.parseInt(m.group(first + 2)), nanos));
        } catch (DateTimeException e) {
            throw new SeriesFormatException(file, line, column, "'" + text + "' is not a valid date: " + e.getMessage());
        }
    }
}
