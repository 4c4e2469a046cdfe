package dev.jrnn.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import dev.jrnn.models.optim.ReduceLrOnPlateau.Mode;
import dev.jrnn.models.optim.ReduceLrOnPlateau.ThresholdMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One-cycle and reduce-on-plateau against PyTorch's schedulers (schedules.safetensors, generate_schedules.py). */
class SchedulesMatchPyTorchTest {
    /** The rates are computed by the same formula in the same order: equal up to cos's last bit. */
    private static final double TOL = 1e-16;
    private final SafetensorsFile fx = PyTorchFixtures.read("schedules.safetensors");

    private void assertRates(String name, LearningRateSchedule schedule) {
        double[] expected = fx.doubles(name);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], schedule.rate(k), TOL * Math.max(1, expected[k]) * 4, name + " at step " + k);
        }
    }

    @Test
    @DisplayName("one-cycle with PyTorch's defaults gives OneCycleLR's rate at each of 100 steps")
    void oneCycleDefaults() {
        assertRates("onecycle_defaults", LearningRateSchedule.oneCycle(0.1, 100));
    }

    @Test
    @DisplayName("one-cycle with its own pct_start, div_factor and final_div_factor gives OneCycleLR's rates")
    void oneCycleCustom() {
        assertRates("onecycle_custom", LearningRateSchedule.oneCycle(0.01, 37, 0.25, 10, 100));
        assertRates("onecycle_short", LearningRateSchedule.oneCycle(2.0, 7, 0.5, 25, 1e4));
    }

    @Test
    @DisplayName("one-cycle refuses a phase without steps and holds its last rate after the cycle")
    void oneCycleEdges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.oneCycle(0.1, 3, 0.3, 25, 1e4));
        assertEquals(true, e.getMessage().contains("pctStart 0.3 of 3 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle(-1, 100));
        LearningRateSchedule s = LearningRateSchedule.oneCycle(0.1, 100);
        assertEquals(s.rate(99), s.rate(150));
        assertEquals(0.1 / 25 / 1e4, s.rate(99), 1e-18);
    }

    private void assertPlateau(String name, ReduceLrOnPlateau settings) {
        double[] metrics = fx.doubles("plateau_metrics");
        double[] expected = fx.doubles("plateau_" + name);
        ReduceLrOnPlateau.Tracker tracker = settings.start();
        double lr = Double.parseDouble(fx.metadata().get("plateau_initial_lr"));
        int reductions = 0;
        for (int e = 0; e < metrics.length; e++) {
            double next = tracker.step(metrics[e], lr);
            reductions += next < lr ? 1 : 0;
            lr = next;
            assertEquals(expected[e], lr, 1e-18, name + " after evaluation " + e);
        }
        assertEquals(true, reductions >= 2, name + " should reduce at least twice, reduced " + reductions);
    }

    @Test
    @DisplayName("reduce-on-plateau (min, relative threshold) reduces at PyTorch's epochs")
    void plateauRelative() {
        assertPlateau("rel", ReduceLrOnPlateau.defaults().factor(0.5).patience(2));
    }

    @Test
    @DisplayName("reduce-on-plateau with an absolute threshold, cooldown and a floor follows PyTorch")
    void plateauAbsoluteCooldown() {
        assertPlateau("abs_cooldown", ReduceLrOnPlateau.defaults().factor(0.3).patience(1)
                .threshold(0.05, ThresholdMode.ABS).cooldown(2).minLr(0.002));
    }

    @Test
    @DisplayName("reduce-on-plateau in max mode follows PyTorch")
    void plateauMax() {
        assertPlateau("max", ReduceLrOnPlateau.defaults().mode(Mode.MAX).factor(0.1).patience(3)
                .threshold(0.01, ThresholdMode.REL).cooldown(1).minLr(1e-5));
    }

    @Test
    @DisplayName("a restored plateau tracker continues exactly where the saved one was")
    void plateauRestore() {
        double[] metrics = fx.doubles("plateau_metrics");
        ReduceLrOnPlateau settings = ReduceLrOnPlateau.defaults().factor(0.5).patience(2).cooldown(1);
        ReduceLrOnPlateau.Tracker whole = settings.start();
        ReduceLrOnPlateau.Tracker first = settings.start();
        double a = 0.1;
        double b = 0.1;
        for (int e = 0; e < 25; e++) {
            a = whole.step(metrics[e], a);
            b = first.step(metrics[e], b);
        }
        ReduceLrOnPlateau.Tracker resumed = settings.start();
        resumed.restore(first.state());
        for (int e = 25; e < metrics.length; e++) {
            a = whole.step(metrics[e], a);
            b = resumed.step(metrics[e], b);
            assertEquals(a, b, "evaluation " + e);
        }
        assertThrows(IllegalArgumentException.class, () -> whole.step(Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> settings.factor(1.0));
    }

    @Test
    @DisplayName("schedules print their settings")
    void names() {
        assertEquals("OneCycle(max_lr=0.1, total_steps=100, pct_start=0.3, div_factor=25.0, final_div_factor=10000.0)",
                LearningRateSchedule.oneCycle(0.1, 100).toString());
        assertEquals("CosineAnnealing(lr=0.01, period=50, min_lr=0.001).withWarmup(5, start_factor=0.1)",
                LearningRateSchedule.cosineAnnealing(0.01, 50, 0.001).withWarmup(5, 0.1).toString());
        assertEquals("ReduceLrOnPlateau(mode=min, factor=0.5, patience=2, threshold=1.0E-4, threshold_mode=rel,"
                + " cooldown=0, min_lr=0.0)", ReduceLrOnPlateau.defaults().factor(0.5).patience(2).toString());
    }
}
