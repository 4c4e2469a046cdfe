package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.kernels.VectorSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each surefire execution runs the kernels its system properties ask for (the scalar one both scalar paths). */
@DisplayName("the kernel paths")
class KernelPathTest {

    private static boolean wanted(String property) {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty(property));
    }

    @Test
    @DisplayName("the GEMM and the gate math follow jrnn.ejml.vector and jrnn.kernels.vector")
    void pathsFollowProperties() {
        assertEquals(wanted(Simd.PROPERTY), Simd.OPS != null, "EJML GEMM on the Vector API");
        assertEquals(wanted(VectorSupport.PROPERTY), VectorSupport.enabled(), VectorSupport.describe());
    }
}
