package dev.jrnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the CPU settings")
class CpuSettingsTest {

    private static CpuSettings from(Map<String, String> properties) {
        return CpuSettings.from(properties::get);
    }

    @Test
    @DisplayName("default to the vector kernels and a 200 us spin")
    void defaults() {
        assertEquals(CpuSettings.defaults(), from(Map.of()));
        assertEquals(new CpuSettings(true, 200), CpuSettings.defaults());
    }

    @Test
    @DisplayName("jrnn.vector=false turns the vector kernels off, jrnn.inference.biasInGates=false the biases in the gate math, and the spin is read as Long.getLong reads it")
    void properties() {
        assertEquals(true, CpuSettings.defaults().inferenceBiasInGates());
        assertEquals(new CpuSettings(true, 200, false), from(Map.of("jrnn.inference.biasInGates", "false")));
        assertEquals(new CpuSettings(false, 50), from(Map.of("jrnn.vector", "false", "jrnn.workers.spinMicros", "50")));
        assertEquals(new CpuSettings(true, 200), from(Map.of("jrnn.vector", "true", "jrnn.workers.spinMicros", "x")));
    }

    @Test
    @DisplayName("a deprecated spelling applies where jrnn.vector is unset, and is ignored where it is set")
    void deprecatedSpellings() {
        assertEquals(false, from(Map.of("jrnn.kernels.vector", "false")).vector());
        assertEquals(false, from(Map.of("jrnn.ejml.vector", "false")).vector());
        assertEquals(true, from(Map.of("jrnn.vector", "true", "jrnn.kernels.vector", "false")).vector());
    }
}
