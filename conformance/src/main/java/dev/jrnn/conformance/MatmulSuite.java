package dev.jrnn.conformance;


import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.RecurrentDefaults;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix products with every transpose flag, and the linear layer built on them. */
@Family(OpFamily.MATMUL)
public interface MatmulSuite extends KitSuite {
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.jrnn.conformance.KitCases#transposeFlags")
    @DisplayName("matmul matches the reference for every pair of transpose flags and awkward sizes")
    default void matmulMatchesReference(DType dtype, boolean ta, boolean tb) {
        Operands ops = operands(dtype);
        for (int[] s : KitShapes.MATMUL) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            TensorPair a = ta ? ops.signed(k, m) : ops.signed(m, k);
            TensorPair b = tb ? ops.signed(n, k) : ops.signed(k, n);
            assertClose("matmul " + m + "x" + k + "x" + n, oracle().matmul(a.oracle(), ta, b.oracle(), tb),
                    subject().matmul(a.subject(), ta, b.subject(), tb));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("matmul of a tensor with itself transposed is the Gram matrix")
    default void selfProduct(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair a = ops.signed(3, 7);
        assertClose("a a^T", oracle().matmul(a.oracle(), false, a.oracle(), true), subject().matmul(a.subject(), false, a.subject(), true));
        assertClose("a^T a", oracle().matmul(a.oracle(), true, a.oracle(), false), subject().matmul(a.subject(), true, a.subject(), false));
        assertClose("matmul shorthand", subject().matmul(a.subject(), false, subject().transpose(a.subject(), 1, 0), false),
                subject().matmul(a.subject(), subject().transpose(a.subject(), 1, 0)));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("linear with and without bias matches the reference and the composed default")
    default void linear(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair x = ops.signed(5, 3);
        TensorPair w = ops.signed(4, 3);
        TensorPair b = ops.signed(4);
        Tensor withBias = subject().linear(x.subject(), w.subject(), b.subject());
        assertClose("linear with bias", oracle().linear(x.oracle(), w.oracle(), b.oracle()), withBias);
        assertClose("linear override vs default", RecurrentDefaults.linear(subject(), x.subject(), w.subject(), b.subject()), withBias);
        Tensor noBias = subject().linear(x.subject(), w.subject(), null);
        assertClose("linear without bias", oracle().linear(x.oracle(), w.oracle(), null), noBias);
        assertClose("linear override vs default without bias", RecurrentDefaults.linear(subject(), x.subject(), w.subject(), null), noBias);
        ops.assertUnmodified();
    }
}
