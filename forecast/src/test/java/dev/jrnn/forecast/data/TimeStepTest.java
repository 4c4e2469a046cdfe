package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimeStepTest {

    private static LocalDateTime d(int y, int m, int day) {
        return LocalDateTime.of(y, m, day, 0, 0);
    }

    @Test
    @DisplayName("the step is the most common spacing, not the last one")
    void mostCommon() {
        LocalDateTime[] t = {d(2000, 1, 1), d(2000, 1, 2), d(2000, 1, 3), d(2000, 1, 5), d(2000, 1, 6), d(2000, 1, 9)};
        assertEquals(new TimeStep(0, Duration.ofDays(1)), TimeStep.infer("s", t));
        LocalDateTime[] tie = {d(2000, 1, 1), d(2000, 1, 3), d(2000, 1, 4)};
        assertEquals(new TimeStep(0, Duration.ofDays(1)), TimeStep.infer("s", tie), "a tie takes the shorter spacing");
    }

    @Test
    @DisplayName("monthly, quarterly and yearly data step in calendar months, month ends included")
    void calendarMonths() {
        assertEquals(new TimeStep(1, Duration.ZERO), TimeStep.infer("m", new LocalDateTime[] {d(2000, 1, 1),
            d(2000, 2, 1), d(2000, 3, 1), d(2000, 5, 1)}));
        assertEquals(new TimeStep(3, Duration.ZERO), TimeStep.infer("q", new LocalDateTime[] {d(2000, 1, 15),
            d(2000, 4, 15), d(2000, 7, 15)}));
        assertEquals(new TimeStep(12, Duration.ZERO), TimeStep.infer("y", new LocalDateTime[] {d(2000, 12, 31),
            d(2001, 12, 31), d(2002, 12, 31)}));
        TimeStep ends = TimeStep.infer("e", new LocalDateTime[] {d(2000, 1, 31), d(2000, 2, 29), d(2000, 3, 31),
            d(2000, 4, 30)});
        assertEquals(new TimeStep(1, Duration.ZERO, true), ends);
        assertArrayEquals(new LocalDateTime[] {d(2000, 5, 31), d(2000, 6, 30)}, ends.next(d(2000, 4, 30), 2));
        assertEquals(new TimeStep(3, Duration.ZERO, true), TimeStep.infer("qe", new LocalDateTime[] {d(2000, 3, 31),
            d(2000, 6, 30), d(2000, 9, 30), d(2000, 12, 31)}));
    }

    @Test
    @DisplayName("steps between two times are whole, or -1")
    void steps() {
        TimeStep month = new TimeStep(1, Duration.ZERO);
        assertEquals(3, month.steps(d(2000, 1, 1), d(2000, 4, 1)));
        assertEquals(-1, month.steps(d(2000, 1, 1), d(2000, 4, 2)));
        assertEquals(0, month.steps(d(2000, 1, 1), d(2000, 1, 1)));
        assertEquals(-1, month.steps(d(2000, 4, 1), d(2000, 1, 1)));
        TimeStep halfHour = new TimeStep(0, Duration.ofMinutes(30));
        assertEquals(4, halfHour.steps(d(2000, 1, 1), d(2000, 1, 1).plusHours(2)));
        assertEquals(-1, halfHour.steps(d(2000, 1, 1), d(2000, 1, 1).plusMinutes(45)));
        assertEquals(d(1999, 11, 1), month.plus(d(2000, 1, 1), -2));
    }

    @Test
    @DisplayName("the season follows the step, and the step reads in words")
    void seasonAndWords() {
        assertEquals(12, new TimeStep(1, Duration.ZERO).season());
        assertEquals(4, new TimeStep(3, Duration.ZERO).season());
        assertEquals(1, new TimeStep(12, Duration.ZERO).season());
        assertEquals(24, new TimeStep(0, Duration.ofHours(1)).season());
        assertEquals(48, new TimeStep(0, Duration.ofMinutes(30)).season());
        assertEquals(96, new TimeStep(0, Duration.ofMinutes(15)).season());
        assertEquals(7, new TimeStep(0, Duration.ofDays(1)).season());
        assertEquals(52, new TimeStep(0, Duration.ofDays(7)).season(), "weekly: a year of weeks, as Frequency.WEEKLY");
        assertEquals("1 month", new TimeStep(1, Duration.ZERO).toString());
        assertEquals("3 months (month ends)", new TimeStep(3, Duration.ZERO, true).toString());
        assertEquals("1 year", new TimeStep(12, Duration.ZERO).toString());
        assertEquals("30 minutes", new TimeStep(0, Duration.ofMinutes(30)).toString());
        assertEquals("7 days", new TimeStep(0, Duration.ofDays(7)).toString());
        assertThrows(IllegalArgumentException.class, () -> new TimeStep(0, Duration.ZERO));
    }

    @Test
    @DisplayName("daily data on weekdays only steps by business days, across weekends both ways")
    void businessDays() {
        // 2024-01-05 is a Friday
        LocalDateTime[] t = {d(2024, 1, 3), d(2024, 1, 4), d(2024, 1, 5), d(2024, 1, 8), d(2024, 1, 9), d(2024, 1, 11)};
        TimeStep step = TimeStep.infer("b", t);
        assertEquals(TimeStep.BUSINESS_DAY, step);
        assertEquals("1 business day", step.toString());
        assertArrayEquals(new LocalDateTime[] {d(2024, 1, 12), d(2024, 1, 15), d(2024, 1, 16)}, step.next(t[5], 3));
        assertEquals(d(2023, 12, 29), step.plus(d(2024, 1, 1), -1));
        assertEquals(d(2024, 1, 19), step.plus(d(2024, 1, 5), 10));
        assertEquals(1, step.steps(d(2024, 1, 5), d(2024, 1, 8)));
        assertEquals(2, step.steps(d(2024, 1, 9), d(2024, 1, 11)), "a holiday is a gap of one step");
        assertEquals(-1, step.steps(d(2024, 1, 5), d(2024, 1, 6)), "a Saturday is not on the grid");
        assertEquals(5, step.season());
        assertEquals(10, step.horizon());
        LocalDateTime[] withSaturday = {d(2024, 1, 4), d(2024, 1, 5), d(2024, 1, 6), d(2024, 1, 8)};
        assertEquals(new TimeStep(0, Duration.ofDays(1)), TimeStep.infer("s", withSaturday));
        LocalDateTime[] oneWeek = {d(2024, 1, 8), d(2024, 1, 9), d(2024, 1, 10)};
        assertEquals(new TimeStep(0, Duration.ofDays(1)), TimeStep.infer("w", oneWeek),
                "no weekend crossed: plain days");
    }

    @Test
    @DisplayName("season and horizon: the named frequencies' own, and for other steps from the calendar")
    void seasonAndHorizon() {
        for (var f : new Object[][] {{1, 0, Frequency.MONTHLY}, {3, 0, Frequency.QUARTERLY}, {12, 0, Frequency.YEARLY},
            {0, 30, Frequency.HALF_HOURLY}, {0, 60, Frequency.HOURLY}, {0, 1440, Frequency.DAILY},
            {0, 10080, Frequency.WEEKLY}}) {
            TimeStep step = new TimeStep((int) f[0], Duration.ofMinutes((int) f[1]));
            Frequency frequency = (Frequency) f[2];
            assertEquals(frequency.season(), step.season(), frequency.toString());
            assertEquals(frequency.horizon(), step.horizon(), frequency.toString());
        }
        assertEquals(96, new TimeStep(0, Duration.ofMinutes(15)).season());
        assertEquals(96, new TimeStep(0, Duration.ofMinutes(15)).horizon(), "a day ahead");
        assertEquals(12, new TimeStep(0, Duration.ofHours(2)).season());
        assertEquals(24, new TimeStep(0, Duration.ofHours(2)).horizon(), "two days ahead");
        assertEquals(6, new TimeStep(2, Duration.ZERO).season());
        assertEquals(9, new TimeStep(2, Duration.ZERO).horizon(), "18 months ahead");
        assertEquals(1, new TimeStep(0, Duration.ofDays(2)).season());
        assertEquals(7, new TimeStep(0, Duration.ofDays(2)).horizon(), "two weeks ahead");
        assertEquals(1, new TimeStep(0, Duration.ofMinutes(7)).season(), "7 minutes do not divide a day");
    }
}
