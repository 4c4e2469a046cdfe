package dev.jrnn.kernels;

import static dev.jrnn.kernels.Blocks.assertClose;
import static dev.jrnn.kernels.Blocks.assertSame;
import static dev.jrnn.kernels.Blocks.copy;
import static dev.jrnn.kernels.Blocks.floats;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the fused gate kernels")
class GateKernelsTest {
    private static final double FLOAT_TOL = 1e-5;
    private static final double DOUBLE_TOL = 1e-12;

    /** Sizes: a tail shorter than any vector, whole vectors plus a tail, whole 512-bit vectors only. */
    static Stream<Arguments> sizes() {
        return Stream.of(Arguments.of(2, 5, true), Arguments.of(3, 19, true), Arguments.of(4, 48, true),
                Arguments.of(3, 35, false));
    }

    @ParameterizedTest(name = "rows {0}, hidden {1}, optional operands {2}")
    @MethodSource("sizes")
    @DisplayName("in float64 match the textbook formulas to 1e-12")
    void doublesMatchFormulas(int rows, int h, boolean optional) {
        for (Cases c : Cases.all(new Random(rows * 31 + h), rows, h, optional)) {
            double[][] expected = copy(c.operands());
            c.reference().run(expected, rows, h);
            double[][] actual = copy(c.operands());
            c.doubles().run(actual, rows, h);
            for (int k = 0; k < expected.length; k++) {
                if (expected[k] != null) {
                    assertClose(c.name() + " block " + k, expected[k], actual[k], DOUBLE_TOL);
                }
            }
        }
    }

    @ParameterizedTest(name = "rows {0}, hidden {1}, optional operands {2}")
    @MethodSource("sizes")
    @DisplayName("in float32, scalar and vector alike, match the formulas within float32 tolerance")
    void floatsMatchFormulas(int rows, int h, boolean optional) {
        FloatGates vector = CpuKernels.vectorGates();
        List<FloatGates> impls = vector == null ? List.of(new ScalarFloatGates()) : List.of(new ScalarFloatGates(), vector);
        for (FloatGates ops : impls) {
            for (Cases c : Cases.all(new Random(rows * 17 + h), rows, h, optional)) {
                double[][] expected = copy(c.operands());
                c.reference().run(expected, rows, h);
                float[][] actual = floats(c.operands());
                c.floats().run(ops, actual, rows, h);
                for (int k = 0; k < expected.length; k++) {
                    if (expected[k] != null) {
                        assertClose(ops + ", " + c.name() + " block " + k, expected[k], actual[k], FLOAT_TOL);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "rows {0}, hidden {1}, optional operands {2}")
    @MethodSource("sizes")
    @DisplayName("on the Vector API agree with the scalar ones within a few float32 ulp")
    void vectorMatchesScalar(int rows, int h, boolean optional) {
        FloatGates vector = CpuKernels.vectorGates();
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        for (Cases c : Cases.all(new Random(rows * 7 + h), rows, h, optional)) {
            float[][] scalar = floats(c.operands());
            c.floats().run(new ScalarFloatGates(), scalar, rows, h);
            float[][] vec = floats(c.operands());
            c.floats().run(vector, vec, rows, h);
            for (int k = 0; k < scalar.length; k++) {
                if (scalar[k] != null) {
                    assertSame(c.name() + " block " + k, scalar[k], vec[k], 2e-6);
                }
            }
        }
    }

    @Test
    @DisplayName("run on the Vector API when the test JVM has the incubator module, unless jrnn.vector is false")
    void vectorPathIsChosen() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        CpuKernels on = CpuKernels.of(CpuSettings.defaults());
        assertTrue(on.vector(), on.toString());
        CpuKernels off = CpuKernels.of(new CpuSettings(false, CpuSettings.DEFAULT_SPIN_MICROS));
        assertFalse(off.vector(), off.toString());
    }
}
