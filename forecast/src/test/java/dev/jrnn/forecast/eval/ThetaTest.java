package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.Frequency;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThetaTest {

    @Test
    @DisplayName("exponential smoothing of a constant series has no error, of a step follows it with a large weight")
    void smoothing() {
        ExponentialSmoothing flat = ExponentialSmoothing.fit(new double[] {5, 5, 5, 5});
        assertEquals(5, flat.level(), 1e-12);
        assertEquals(0, flat.sigma(), 1e-12);
        ExponentialSmoothing step = ExponentialSmoothing.fit(new double[] {0, 0, 0, 10, 10, 10, 10, 10});
        assertTrue(step.alpha() > 0.9 && Math.abs(step.level() - 10) < 0.01, step.toString());
    }

    @Test
    @DisplayName("on a straight line Theta forecasts the mean of the extended line and the flat smoothed level: half the slope")
    void line() {
        double[] x = new double[40];
        for (int t = 0; t < x.length; t++) {
            x[t] = 3 + 2 * t;
        }
        Forecast f = Theta.forecast(TimeSeries.of("l", x), 1, 5, 0.9);
        ExponentialSmoothing ses = ExponentialSmoothing.fit(x);
        for (int k = 0; k < 5; k++) {
            assertEquals(0.5 * (3 + 2 * (40 + k)) + 0.5 * ses.level(), f.point()[k], 1e-9, "step " + k);
        }
    }

    @Test
    @DisplayName("Theta and seasonal naive repeat the season of a seasonal series, with intervals that widen")
    void seasonal() {
        double[] x = new double[72];
        for (int t = 0; t < x.length; t++) {
            x[t] = 100 * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12)) + 0.1 * (t % 5);
        }
        TimeSeries s = TimeSeries.of("s", x);
        for (StatisticalMethod.Kind k : StatisticalMethod.Kind.values()) {
            Forecast f = new StatisticalMethod(k, 12, 24, 0.9).forecast(s);
            double mae = Metrics.mae(java.util.Arrays.copyOfRange(x, 60, 72), java.util.Arrays.copyOf(f.point(), 12));
            assertTrue(mae < 1, k + " MAE " + mae);
            for (int t = 0; t < 24; t++) {
                assertTrue(f.lower()[t] <= f.point()[t] && f.point()[t] <= f.upper()[t], k + " step " + t);
            }
            for (int t = 0; t < 12; t++) {
                assertTrue(f.upper()[t + 12] - f.lower()[t + 12] >= f.upper()[t] - f.lower()[t], k + " widens");
            }
        }
    }

    @Test
    @DisplayName("frequencies set season and horizon as in M4, and follow from the time step")
    void frequencies() {
        assertEquals(24, Frequency.parse("hourly").season());
        assertEquals(48, Frequency.HOURLY.horizon());
        assertEquals(Frequency.HALF_HOURLY, Frequency.parse("half-hourly"));
        assertEquals(Frequency.QUARTERLY, Frequency.of(new TimeStep(3, Duration.ZERO)).orElseThrow());
        assertEquals(Frequency.WEEKLY, Frequency.of(new TimeStep(0, Duration.ofDays(7))).orElseThrow());
        assertTrue(Frequency.of(new TimeStep(0, Duration.ofMinutes(10))).isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Frequency.parse("fortnightly"));
        assertTrue(e.getMessage().contains("fortnightly") && e.getMessage().contains("weekly"), e.getMessage());
    }
}
