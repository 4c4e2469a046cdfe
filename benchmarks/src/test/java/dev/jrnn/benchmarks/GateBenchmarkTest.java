package dev.jrnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GateBenchmarkTest {

    @Test
    @DisplayName("each gate kernel runs once on the scalar kernels and gives a finite value")
    void everyKernelRuns() {
        GateBenchmark b = new GateBenchmark();
        b.shape = "3x10";
        b.vector = false;
        b.setUp();
        float[] values = {b.lstmForward(), b.lstmBackward(), b.gruForward(), b.gruBackward()};
        for (float v : values) {
            assertTrue(Float.isFinite(v), "value " + v);
        }
    }

    @Test
    @DisplayName("the shape parameter is ROWSxHIDDEN with positive sizes, anything else is named in the error")
    void parsesShapes() {
        assertArrayEquals(new int[] {32, 128}, GateBenchmark.sizes("32x128"));
        for (String bad : new String[] {"32", "0x8", "8x-1", "ax8", "8x8x8"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GateBenchmark.sizes(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
