package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jrnn.kernels.CpuSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each surefire execution runs the kernels its system properties ask for (the scalar one both scalar paths). */
@DisplayName("the kernel paths")
class KernelPathTest {

    private static boolean wanted() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty(CpuSettings.VECTOR));
    }

    @Test
    @DisplayName("the GEMM and the gate math follow jrnn.vector")
    void pathsFollowProperties() {
        EjmlBackend be = (EjmlBackend) new EjmlBackendProvider().create();
        assertEquals(wanted(), be.gemm().ops() != null, "EJML GEMM on the Vector API");
        assertEquals(wanted(), be.cpu().vector(), be.cpu().toString());
    }

    @Test
    @DisplayName("a backend created after jrnn.vector=false runs both scalar paths")
    void propertyReadAtCreate() {
        String previous = System.getProperty(CpuSettings.VECTOR);
        EjmlBackend be;
        System.setProperty(CpuSettings.VECTOR, "false");
        try {
            be = (EjmlBackend) new EjmlBackendProvider().create();
        } finally {
            if (previous == null) {
                System.clearProperty(CpuSettings.VECTOR);
            } else {
                System.setProperty(CpuSettings.VECTOR, previous);
            }
        }
        assertEquals(null, be.gemm().ops(), "EJML GEMM");
        assertFalse(be.cpu().vector(), be.cpu().toString());
    }
}
