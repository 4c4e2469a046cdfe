package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static LocalDateTime[] parse(DateOrder order, String... texts) {
        int[] lines = IntStream.range(0, texts.length).map(i -> i + 2).toArray();
        return Timestamps.parse("f.csv", 1, List.of(texts), lines, order).times();
    }

    private static LocalDateTime one(String text) {
        return parse(DateOrder.FROM_DATA, text)[0];
    }

    @Test
    @DisplayName("ISO dates, date-times with T or a space, year-months, years, quarters and month names are read")
    void forms() {
        LocalDateTime jan31 = LocalDateTime.of(2000, 1, 31, 0, 0);
        assertEquals(jan31, one("2000-01-31"));
        assertEquals(jan31, one("2000/1/31"));
        assertEquals(jan31, one("2000.01.31"));
        assertEquals(LocalDateTime.of(2000, 1, 31, 12, 30), one("2000-01-31T12:30"));
        assertEquals(LocalDateTime.of(2000, 1, 31, 12, 30, 15), one("2000-01-31 12:30:15"));
        assertEquals(LocalDateTime.of(2000, 1, 31, 12, 30, 15, 500_000_000), one("2000-01-31 12:30:15.5"));
        assertEquals(LocalDateTime.of(2000, 1, 31, 12, 30), one("2000-01-31T12:30Z"));
        assertEquals(LocalDateTime.of(2000, 1, 31, 12, 30), one("2000-01-31 12:30:00+00:00"));
        assertEquals(LocalDateTime.of(1949, 1, 1, 0, 0), one("1949-01"));
        assertEquals(LocalDateTime.of(1949, 1, 1, 0, 0), one("1949"));
        assertEquals(LocalDateTime.of(1960, 4, 1, 0, 0), one("1960Q2"));
        assertEquals(LocalDateTime.of(1960, 10, 1, 0, 0), one("1960-q4"));
        assertEquals(LocalDateTime.of(1960, 10, 1, 0, 0), one("Q4 1960"));
        assertEquals(LocalDateTime.of(1949, 3, 1, 0, 0), one("Mar 1949"));
        assertEquals(LocalDateTime.of(1949, 3, 1, 0, 0), one("march 1949"));
    }

    @Test
    @DisplayName("day/month/year dates are read in the order the column shows, or the order given")
    void dayMonthOrder() {
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2000, 2, 1, 0, 0), LocalDateTime.of(2000, 2, 13, 0, 0)},
                parse(DateOrder.FROM_DATA, "01/02/2000", "13/02/2000"));
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2000, 1, 2, 0, 0), LocalDateTime.of(2000, 1, 13, 9, 0)},
                parse(DateOrder.FROM_DATA, "01/02/2000", "01/13/2000 09:00"));
        assertEquals(LocalDateTime.of(2000, 1, 2, 0, 0), parse(DateOrder.MONTH_FIRST, "01/02/2000")[0]);
        assertEquals(LocalDateTime.of(2000, 2, 1, 0, 0), parse(DateOrder.DAY_FIRST, "01.02.2000")[0]);
        assertEquals(LocalDateTime.of(2000, 3, 3, 0, 0), parse(DateOrder.FROM_DATA, "03-03-2000")[0], "equal day and month");
    }

    @Test
    @DisplayName("an ambiguous or contradictory day/month order is an error, never a guess")
    void ambiguous() {
        var e = assertThrows(SeriesFormatException.class, () -> parse(DateOrder.FROM_DATA, "01/02/2000", "02/02/2000"));
        assertEquals("f.csv:2:1: '01/02/2000' may be day/month or month/day and no date in the column tells which;"
                + " write ISO dates (2000-01-31) or give the order (--date-order dmy or mdy)", e.getMessage());
        var both = assertThrows(SeriesFormatException.class,
                () -> parse(DateOrder.FROM_DATA, "13/01/2000", "01/13/2000"));
        assertEquals("f.csv:3:1: '01/13/2000' puts the month first but '13/01/2000' on line 2 puts the day first;"
                + " write ISO dates (2000-01-31)", both.getMessage());
    }

    @Test
    @DisplayName("two-digit years and impossible dates are refused naming the line")
    void refused() {
        assertTrue(assertThrows(SeriesFormatException.class, () -> parse(DateOrder.FROM_DATA, "2000-01-01", "1/2/99"))
                .getMessage().startsWith("f.csv:3:1: '1/2/99' is not a date or date-time"));
        assertTrue(assertThrows(SeriesFormatException.class, () -> one("2000-02-30")).getMessage()
                .startsWith("f.csv:2:1: '2000-02-30' is not a valid date"));
        assertTrue(assertThrows(SeriesFormatException.class, () -> one("1767225600")).getMessage().endsWith(
                "; Unix time (seconds or milliseconds since 1970) is not read: write the times as ISO date-times in UTC"
                        + " (2026-01-01T00:00Z)"));
        assertThrows(SeriesFormatException.class, () -> one("12"));
        assertThrows(SeriesFormatException.class, () -> one("Foo 2000"));
    }

    @Test
    @DisplayName("offsets: the clock time is read where the offset stays, and for dates across a change of offset")
    void offsets() {
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2000, 1, 1, 10, 0), LocalDateTime.of(2000, 1, 1, 11, 0)},
                parse(DateOrder.FROM_DATA, "2000-01-01T10:00+05:30", "2000-01-01T11:00+0530"), "one offset");
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2026, 3, 28, 0, 0), LocalDateTime.of(2026, 3, 29, 0, 0),
                        LocalDateTime.of(2026, 3, 30, 0, 0)},
                parse(DateOrder.FROM_DATA, "2026-03-28T00:00+01:00", "2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00"),
                "daily data at local midnight across daylight saving time keeps its dates");
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2026, 3, 29, 0, 0), LocalDateTime.of(2026, 3, 30, 0, 0)},
                parse(DateOrder.FROM_DATA, "29/03/2026 00:00+01:00", "30/03/2026 00:00+02"), "day first, short offset");
        assertEquals(null, Timestamps.parse("f.csv", 1, List.of("2000-01-01T10:00+05:30", "2000-01-01T11:00+05:30"),
                new int[] {2, 3}, DateOrder.FROM_DATA).utcNote(), "one offset: clock times, no note");
    }

    @Test
    @DisplayName("offsets that change between times of day (daylight saving time) are read as UTC instants, said once")
    void daylightSavingTimeReadAsUtc() {
        // Europe/Berlin's spring change: 01:00+01:00 is followed by 03:00+02:00, one hour later
        Timestamps.Column spring = Timestamps.parse("f.csv", 1, List.of("2026-03-29T00:00+01:00",
                "2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"), new int[] {2, 3, 4, 5},
                DateOrder.FROM_DATA);
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2026, 3, 28, 23, 0), LocalDateTime.of(2026, 3, 29, 0, 0),
                LocalDateTime.of(2026, 3, 29, 1, 0), LocalDateTime.of(2026, 3, 29, 2, 0)}, spring.times(), "hourly in UTC");
        assertEquals("the time zone offset changes from +01:00 ('2026-03-29T01:00+01:00', line 3) to +02:00"
                + " ('2026-03-29T03:00+02:00', line 4), as daylight saving time does: times read as UTC instants, so"
                + " that the step stays regular; forecasts are written in UTC (Z)", spring.utcNote());
        // autumn: 02:00+02:00 and 02:00+01:00 are two instants an hour apart, not one time twice
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2026, 10, 24, 23, 0), LocalDateTime.of(2026, 10, 25, 0, 0),
                LocalDateTime.of(2026, 10, 25, 1, 0)}, parse(DateOrder.FROM_DATA, "2026-10-25 01:00+02:00",
                "2026-10-25 02:00+02:00", "2026-10-25 02:00+01:00"), "repeated clock hour");
        var e = assertThrows(SeriesFormatException.class, () -> parse(DateOrder.FROM_DATA, "2026-03-29 01:00+01:00",
                "2026-03-29 01:30", "2026-03-29 03:00+02:00"));
        assertEquals("f.csv:3:1: '2026-03-29 01:30' has no time zone offset, but the column's offsets change (+01:00 on"
                + " line 2, +02:00 on line 4), so it names no one instant; write every time with its offset, or all in"
                + " UTC (Z)", e.getMessage());
    }
}
