package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    private static LocalDateTime[] months(int n) {
        LocalDateTime[] t = new LocalDateTime[n];
        for (int i = 0; i < n; i++) {
            t[i] = LocalDate.of(2010, 1, 1).plusMonths(i).atStartOfDay();
        }
        return t;
    }

    @Test
    @DisplayName("a series built in code continues its times from the last one")
    void futureTimes() {
        TimeSeries s = new TimeSeries("sales", new double[24], months(24));
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2012, 1, 1, 0, 0), LocalDateTime.of(2012, 2, 1, 0, 0)},
                s.futureTimes(2));
    }

    @Test
    @DisplayName("times out of order, repeated or null are refused naming the series and the place, not forecast with"
            + " wrong dates")
    void timesMustIncrease() {
        LocalDateTime[] swapped = months(24);
        LocalDateTime a = swapped[10];
        swapped[10] = swapped[11];
        swapped[11] = a;
        assertEquals("series sales: timestamp 12 (2010-11-01T00:00) is not after timestamp 11 (2010-12-01T00:00); give"
                + " the observations oldest first, one per time", assertThrows(IllegalArgumentException.class,
                () -> new TimeSeries("sales", new double[24], swapped)).getMessage());
        LocalDateTime[] repeated = months(24);
        repeated[23] = repeated[22];
        assertEquals("series sales: timestamp 24 (2011-11-01T00:00) is not after timestamp 23 (2011-11-01T00:00); give"
                + " the observations oldest first, one per time", assertThrows(IllegalArgumentException.class,
                () -> new TimeSeries("sales", new double[24], repeated)).getMessage());
        LocalDateTime[] missing = months(3);
        missing[1] = null;
        assertEquals("series sales: timestamp 2 of 3 is null", assertThrows(IllegalArgumentException.class,
                () -> new TimeSeries("sales", new double[3], missing)).getMessage());
    }

    @Test
    @DisplayName("a null name, values or times fail naming the argument, not as a bare NullPointerException")
    void nullsNamed() {
        assertEquals("name", assertThrows(NullPointerException.class, () -> TimeSeries.of(null, 1.0)).getMessage());
        assertEquals("values", assertThrows(NullPointerException.class,
                () -> TimeSeries.of("sales", (double[]) null)).getMessage());
        assertEquals("times", assertThrows(NullPointerException.class, () -> TimeStep.infer("sales", null))
                .getMessage());
    }
}
