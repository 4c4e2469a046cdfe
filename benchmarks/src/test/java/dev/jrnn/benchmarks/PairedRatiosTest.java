package dev.jrnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The statistics of the paired A/B. */
class PairedRatiosTest {

    @Test
    @DisplayName("medians of each side and quartiles of the per-pair ratios, by the nearest rank")
    void mediansAndRatios() {
        // B is 10% slower in every pair although both drift by 3x over the run
        double[] a = {10, 20, 30, 11, 25};
        double[] b = {11, 22, 33, 12.1, 27.5};
        PairedRatios r = new PairedRatios(a, b);
        assertEquals(20, r.medianA(), 1e-12);
        assertEquals(22, r.medianB(), 1e-12);
        assertEquals(1.1, r.ratio(0.25), 1e-12);
        assertEquals(1.1, r.ratio(0.5), 1e-12);
        assertEquals(1.1, r.ratio(0.75), 1e-12);
        assertEquals(3.0, PairedRatios.quantile(new double[] {5, 1, 3, 2, 4}, 0.5), 0);
        assertEquals(1.0, PairedRatios.quantile(new double[] {5, 1, 3, 2, 4}, 0), 0);
        assertEquals(5.0, PairedRatios.quantile(new double[] {5, 1, 3, 2, 4}, 1), 0);
    }

    @Test
    @DisplayName("unequal counts, no pairs, non-positive times and quantiles outside [0, 1] are refused")
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PairedRatios(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("A has 2, B has 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PairedRatios(new double[0], new double[0]));
        e = assertThrows(IllegalArgumentException.class, () -> new PairedRatios(new double[] {1, 0}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.quantile(new double[] {1}, 1.5));
    }
}
