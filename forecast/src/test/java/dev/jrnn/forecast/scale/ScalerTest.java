package dev.jrnn.forecast.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScalerTest {

    @Test
    @DisplayName("last-window scaling divides by the last season's mean and inverts exactly")
    void lastWindowLevel() {
        double[] x = {1, 2, 3, 4, 10, 20};
        Scaler s = Scaler.lastWindow("s", x, 2, 4, false, 2, false);
        assertEquals(15, s.level(), 1e-12);
        assertEquals(20 / 15.0 - 1, s.apply(20, 3), 1e-12);
        for (int p = 0; p < 6; p++) {
            assertEquals(7.5 + p, s.invert(s.apply(7.5 + p, p), p), 1e-12);
        }
    }

    @Test
    @DisplayName("log scaling with deseasonalising removes a multiplicative season")
    void deseasonalisedLog() {
        double[] pattern = {0.5, 2.0, 1.0};
        double[] x = new double[12];
        for (int t = 0; t < x.length; t++) {
            x[t] = 40 * pattern[t % 3];
        }
        Scaler s = Scaler.lastWindow("s", x, 3, 9, true, 3, true);
        for (int p = 0; p < 9; p++) {
            assertEquals(0, s.apply(x[3 + p], p), 1e-12, "a pure season scales to zero at " + p);
        }
        assertEquals(x[0], s.invert(0, 9), 1e-9, "the profile continues past the window");
    }

    @Test
    @DisplayName("standard scaling uses the mean and standard deviation")
    void standard() {
        Scaler s = Scaler.standard("s", new double[] {1, 3}, false);
        assertEquals(2, s.level(), 1e-12);
        assertEquals(1, s.scale(), 1e-12);
        assertNull(s.profile());
        assertEquals(1, s.apply(3, 0), 1e-12);
    }

    @Test
    @DisplayName("log scaling of a non-positive value fails naming the series and position")
    void logNeedsPositive() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.lastWindow("gas", new double[] {1, 0, 2}, 0, 3, true, 1, false));
        assertTrue(e.getMessage().contains("gas") && e.getMessage().contains("position 2"), e.getMessage());
    }
}
