package dev.jrnn.forecast.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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

    @Test
    @DisplayName("the seasonal profile is each position's mean deviation from its cycle's mean, bit for bit")
    void profileAsDefined() {
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[200];
        for (int t = 0; t < x.length; t++) {
            x[t] = 50 + 10 * Math.sin(t / 3.0) + random.nextDouble();
        }
        for (int season : new int[] {2, 5, 24}) {
            for (int length : new int[] {season, 3 * season, 3 * season + 2, 7 * season - 1}) {
                Scaler s = Scaler.lastWindow("s", x, 9, length, true, season, true);
                double[] z = new double[length];
                for (int i = 0; i < length; i++) {
                    z[i] = Math.log(x[9 + i]);
                }
                int cycles = length / season;
                int offset = length - cycles * season;
                double[] profile = new double[season];
                for (int c = 0; c < cycles; c++) {
                    double mean = 0;
                    for (int p = offset + c * season; p < offset + (c + 1) * season; p++) {
                        mean += z[p];
                    }
                    mean /= season;
                    for (int p = offset + c * season; p < offset + (c + 1) * season; p++) {
                        profile[p % season] += (z[p] - mean) / cycles;
                    }
                }
                double level = 0;
                for (int p = length - season; p < length; p++) {
                    level += z[p] - profile[p % season];
                }
                String what = "season " + season + ", length " + length;
                assertArrayEquals(profile, s.profile(), what);
                assertEquals(level / season, s.level(), what);
            }
        }
    }

    @Test
    @DisplayName("scaling a run of values equals scaling each at its position, bit for bit")
    void runOfValues() {
        double[] z = new double[40];
        for (int t = 0; t < z.length; t++) {
            z[t] = Math.log(3 + t % 7 + t * 0.1);
        }
        Scaler seasonal = new Scaler(0.7, 1.3, true, new double[] {0.1, -0.2, 0.05, 0.05});
        Scaler plain = new Scaler(-2, 3, false, null);
        for (Scaler s : new Scaler[] {seasonal, plain}) {
            for (int position : new int[] {-5, 0, 3, 17}) {
                double[] out = new double[26];
                s.applyTransformed(z, 6, 23, position, out, 2);
                for (int i = 0; i < 23; i++) {
                    assertEquals(s.applyTransformed(z[6 + i], position + i), out[2 + i], "position " + (position + i));
                }
                assertEquals(0, out[0]);
                assertEquals(0, out[25]);
            }
        }
    }
}
