package dev.jrnn.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    @DisplayName("step decay multiplies the rate by gamma every stepSize epochs")
    void stepDecay() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 3, 0.5);
        assertEquals(0.1, s.rate(0));
        assertEquals(0.1, s.rate(2));
        assertEquals(0.05, s.rate(3));
        assertEquals(0.025, s.rate(6), 1e-17);
    }

    @Test
    @DisplayName("cosine annealing starts at the base, passes the midpoint halfway and ends at the minimum")
    void cosine() {
        LearningRateSchedule s = LearningRateSchedule.cosineAnnealing(1.0, 10, 0.1);
        assertEquals(1.0, s.rate(0), 1e-15);
        assertEquals(0.55, s.rate(5), 1e-15);
        assertEquals(0.1, s.rate(10), 1e-15);
        assertEquals(0.1, s.rate(25), 1e-15);
        double previous = Double.MAX_VALUE;
        for (int e = 0; e <= 10; e++) {
            double r = s.rate(e);
            assertEquals(true, r < previous, "strictly decreasing at epoch " + e);
            previous = r;
        }
    }

    @Test
    @DisplayName("warmup ramps linearly from the start factor to the wrapped schedule")
    void warmup() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.2).withWarmup(4, 0.25);
        assertEquals(0.05, s.rate(0), 1e-15);
        assertEquals(0.2 * 0.625, s.rate(2), 1e-15);
        assertEquals(0.2, s.rate(4), 1e-15);
        assertEquals(0.2, s.rate(9), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).withWarmup(0, 0.5));
    }
}
