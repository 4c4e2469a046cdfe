package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.kernels.CpuSettings;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("nd4j backend: its settings")
class Nd4jSettingsTest {

    private static Nd4jSettings from(Map<String, String> properties) {
        return Nd4jSettings.from(properties::get);
    }

    @Test
    @DisplayName("default to oneDNN, its matmul, the automatic environment and no resident-size check")
    void defaults() {
        assertEquals(new Nd4jSettings(CpuSettings.defaults(), true, true, "auto", "auto", "auto", false, true,
                Nd4jSettings.DEFAULT_RNN_WORK, true, true, true, Nd4jSettings.DEFAULT_JAVA_INFERENCE_WORK, true, true,
                true),
                from(Map.of()));
    }

    @Test
    @DisplayName("read every jrnn.nd4j property")
    void properties() {
        Nd4jSettings s = from(Map.of("jrnn.nd4j.sgemm", "OpenBLAS", "jrnn.nd4j.matmul", "false",
                "jrnn.nd4j.openblasCoretype", "Haswell", "jrnn.nd4j.ompWaitPolicy", "keep",
                "jrnn.nd4j.openblasThreadTimeout", "8", "jrnn.nd4j.javacppPhysicalBytes", "keep", "jrnn.vector", "false",
                "jrnn.nd4j.rowProducts", "Default", "jrnn.nd4j.rnnPrimitiveWork", "0",
                "jrnn.nd4j.lstmInferenceLoop", "FALSE"));
        assertEquals(0, s.rnnPrimitiveWork());
        assertEquals(0, from(Map.of("jrnn.nd4j.javaInferenceWork", "0")).javaInferenceWork());
        assertTrue(s.oneRowInference());
        assertFalse(from(Map.of("jrnn.nd4j.oneRowInference", "False")).oneRowInference());
        assertFalse(from(Map.of("jrnn.nd4j.oneRowProjection", "oneDNN")).oneRowJavaProjection());
        assertTrue(s.stepMatmul());
        assertFalse(from(Map.of("jrnn.nd4j.stepMatmul", "False")).stepMatmul());
        assertTrue(s.directGates());
        assertFalse(from(Map.of("jrnn.nd4j.directGates", "FALSE")).directGates());
        assertTrue(s.backwardStepMatmul());
        assertFalse(from(Map.of("jrnn.nd4j.backwardStepMatmul", "False")).backwardStepMatmul());
        assertFalse(s.lstmInferenceLoop());
        assertFalse(s.oneDnnSgemm());
        assertFalse(s.oneDnnMatmul());
        assertEquals("Haswell", s.openblasCoretype());
        assertEquals("keep", s.ompWaitPolicy());
        assertEquals("8", s.openblasThreadTimeout());
        assertTrue(s.keepPhysicalBytesCheck());
        assertFalse(s.cpu().vector());
        assertFalse(s.oneDnnRows());
    }

    @Test
    @DisplayName("refuse a value they do not know, naming the property")
    void badValues() {
        for (String name : new String[] {"jrnn.nd4j.sgemm", "jrnn.nd4j.matmul", "jrnn.nd4j.javacppPhysicalBytes",
            "jrnn.nd4j.oneRowInference", "jrnn.nd4j.backwardStepMatmul"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(Map.of(name, "yes")));
            assertTrue(e.getMessage().contains(name + " is 'yes'"), e.getMessage());
        }
    }
}
