package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LookbackTest {

    @Test
    @DisplayName("lookbacks parse in horizons, seasons or observations, fractions allowed, and print as parsed")
    void parse() {
        assertEquals(new Lookback(2, Lookback.Unit.HORIZONS), Lookback.parse("2h"));
        assertEquals(new Lookback(3.5, Lookback.Unit.HORIZONS), Lookback.parse(" 3.5H "));
        assertEquals(new Lookback(7, Lookback.Unit.SEASONS), Lookback.parse("7s"));
        assertEquals(new Lookback(168, Lookback.Unit.OBSERVATIONS), Lookback.parse("168"));
        assertEquals(new Lookback(2, Lookback.Unit.WINDOWS), Lookback.parse("2x"));
        assertEquals(List.of(Lookback.parse("2h"), Lookback.parse("7s"), Lookback.parse("100")),
                Lookback.parseList("2h, 7s,,100"));
        assertEquals(List.of(), Lookback.parseList(" "));
        assertEquals("2h", Lookback.parse("2h").toString());
        assertEquals("3.5h", Lookback.parse("3.5h").toString());
        assertEquals("7s", Lookback.parse("7s").toString());
        assertEquals("168", Lookback.parse("168").toString());
        assertEquals("1.5x", Lookback.parse("1.5x").toString());
    }

    @Test
    @DisplayName("a malformed, zero or negative lookback is an error naming it")
    void badLookbacks() {
        for (String bad : List.of("two", "h", "0h", "-3s", "Infinity", "2w", "x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lookback.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Lookback(0, Lookback.Unit.SEASONS));
        assertThrows(IllegalArgumentException.class, () -> new Lookback(1, null));
    }

    @Test
    @DisplayName("a lookback becomes whole steps of observations of the data's horizon and season")
    void observations() {
        // hourly: horizon 48, season 24, a day per step
        assertEquals(96, Lookback.parse("2h").observations(48, 24, 24, 24, 1000, 168));
        assertEquals(336, Lookback.parse("7h").observations(48, 24, 24, 24, 1000, 168));
        assertEquals(168, Lookback.parse("7s").observations(48, 24, 24, 24, 1000, 168));
        assertEquals(168, Lookback.parse("3.5h").observations(48, 24, 24, 24, 1000, 168));
        assertEquals(96, Lookback.parse("100").observations(48, 24, 24, 24, 1000, 168), "rounded to whole days");
        assertEquals(336, Lookback.parse("2x").observations(48, 24, 24, 24, 1000, 168), "twice the ensemble's window");
        assertEquals(168, Lookback.parse("1x").observations(48, 24, 24, 24, 1000, 168));
        // monthly, a month per step: horizon 18, season 12
        assertEquals(36, Lookback.parse("2h").observations(18, 12, 1, 12, 1000, 36));
        assertEquals(63, Lookback.parse("3.5h").observations(18, 12, 1, 12, 1000, 36));
    }

    @Test
    @DisplayName("a lookback is clipped to the room the shortest series has, and to at least the minimum, in whole steps;"
            + " where not even the minimum fits, the ensemble's own window")
    void clipped() {
        assertEquals(240, Lookback.parse("7h").observations(48, 24, 24, 24, 250, 168), "the room, in whole days");
        assertEquals(24, Lookback.parse("0.2h").observations(48, 24, 24, 24, 250, 168), "at least a season");
        assertEquals(24, Lookback.parse("5").observations(48, 24, 24, 20, 250, 168), "the minimum rounded up to a step");
        assertEquals(3, Lookback.parse("1").observations(6, 1, 1, 3, 250, 12));
        assertEquals(100, Lookback.parse("2x").observations(6, 1, 1, 1, 100, 72), "twice the window, clipped");
        assertEquals(12, Lookback.parse("7h").observations(48, 24, 24, 24, 20, 12), "no room for a season: the fallback");
    }
}
