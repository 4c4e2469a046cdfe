package dev.jrnn.conformance;

import static dev.jrnn.conformance.KitAssertions.assertClose;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.RecurrentDefaults;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix products with every transpose flag, and the linear layer built on them. */
public abstract class MatmulSuite extends KitSuite {
    /** {M, K, N}: 1x1, vectors, non-square, and sizes past small-matrix fast paths. */
    private static final int[][] SIZES = {{1, 1, 1}, {1, 5, 1}, {4, 1, 3}, {2, 3, 4}, {5, 4, 3}, {17, 33, 9}, {64, 48, 80}};

    @ParameterizedTest(name = "{0} transposeA={1} transposeB={2}")
    @MethodSource("dev.jrnn.conformance.KitCases#transposeFlags")
    @DisplayName("matmul matches the reference for every pair of transpose flags and awkward sizes")
    void matmulMatchesReference(DType dtype, boolean ta, boolean tb) {
        Operands ops = operands(dtype);
        for (int[] s : SIZES) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            TensorPair a = ta ? ops.signed(k, m) : ops.signed(m, k);
            TensorPair b = tb ? ops.signed(n, k) : ops.signed(k, n);
            assertClose("matmul " + m + "x" + k + "x" + n, oracle().matmul(a.oracle(), ta, b.oracle(), tb),
                    backend().matmul(a.subject(), ta, b.subject(), tb));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("matmul of a tensor with itself transposed is the Gram matrix")
    void selfProduct(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair a = ops.signed(3, 7);
        assertClose("a a^T", oracle().matmul(a.oracle(), false, a.oracle(), true), backend().matmul(a.subject(), false, a.subject(), true));
        assertClose("a^T a", oracle().matmul(a.oracle(), true, a.oracle(), false), backend().matmul(a.subject(), true, a.subject(), false));
        assertClose("matmul shorthand", backend().matmul(a.subject(), false, backend().transpose(a.subject(), 1, 0), false),
                backend().matmul(a.subject(), backend().transpose(a.subject(), 1, 0)));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("linear with and without bias matches the reference and the composed default")
    void linear(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair x = ops.signed(5, 3);
        TensorPair w = ops.signed(4, 3);
        TensorPair b = ops.signed(4);
        Tensor withBias = backend().linear(x.subject(), w.subject(), b.subject());
        assertClose("linear with bias", oracle().linear(x.oracle(), w.oracle(), b.oracle()), withBias);
        assertClose("linear override vs default", RecurrentDefaults.linear(backend(), x.subject(), w.subject(), b.subject()), withBias);
        Tensor noBias = backend().linear(x.subject(), w.subject(), null);
        assertClose("linear without bias", oracle().linear(x.oracle(), w.oracle(), null), noBias);
        assertClose("linear override vs default without bias", RecurrentDefaults.linear(backend(), x.subject(), w.subject(), null), noBias);
        ops.assertUnmodified();
    }
}
