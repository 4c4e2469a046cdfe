package dev.jrnn.api.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("softmax, log-softmax and linear of any rank: values and gradients")
class SoftmaxAndLinearTest {
    private static final double GRADIENT_TOLERANCE = 1e-7;
    private final Backend be = new ReferenceBackend();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Variable leaf(String name, long seed, double spread, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-spread, spread);
        }
        return Variable.input(be.fromArray(d, Shape.of(dims), DType.FLOAT64), name);
    }

    private Variable constant(double[] values, int... dims) {
        return Variable.constant(be.fromArray(values, Shape.of(dims), DType.FLOAT64));
    }

    private static void assertGradients(String what, List<Variable> leaves, Function<List<Variable>, Variable> f) {
        GradientCheck.Report report = GradientCheck.run(leaves, () -> f.apply(leaves), 17L);
        assertTrue(report.checked() > 0, "nothing was checked");
        assertTrue(report.maxError() < GRADIENT_TOLERANCE, what + ": error " + report.maxError() + " at " + report.where());
    }

    @Test
    @DisplayName("softmax matches e^x / sum e^x row by row, each row sums to 1")
    void softmaxValues() {
        double[] x = {0.5, -1.0, 2.0, 3.0, 3.0, -4.0};
        double[] y = Ops.softmax(constant(x, 2, 3)).value().toDoubleArray();
        for (int row = 0; row < 2; row++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                sum += Math.exp(x[row * 3 + j]);
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(Math.exp(x[row * 3 + j]) / sum, y[row * 3 + j], 1e-15);
            }
        }
    }

    @Test
    @DisplayName("log-softmax of logits near 1000 is finite and exact; log of softmax would be -inf")
    void logSoftmaxIsStable() {
        double[] y = Ops.logSoftmax(constant(new double[] {1000.0, 1001.0, 900.0}, 1, 3)).value().toDoubleArray();
        double logSum = 1001.0 + Math.log(Math.exp(-1.0) + 1.0 + Math.exp(-101.0));
        assertArrayEquals(new double[] {1000.0 - logSum, 1001.0 - logSum, 900.0 - logSum}, y, 1e-12);
        double[] p = Ops.softmax(constant(new double[] {1000.0, 1001.0, 900.0}, 1, 3)).value().toDoubleArray();
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-15);
        assertTrue(p[2] >= 0 && p[2] < 1e-43, "e^-101 relative to 1, got " + p[2]);
    }

    @Test
    @DisplayName("softmax and log-softmax of float32 logits keep float32 and agree with float64 to 1e-6")
    void float32() {
        Variable x = leaf("x", 3, 4.0, 4, 5);
        Variable x32 = Variable.constant(be.cast(x.value(), DType.FLOAT32));
        assertEquals(DType.FLOAT32, Ops.logSoftmax(x32).dtype());
        assertArrayEquals(Ops.logSoftmax(x).value().toDoubleArray(), Ops.logSoftmax(x32).value().toDoubleArray(), 1e-5);
        assertArrayEquals(Ops.softmax(x).value().toDoubleArray(), Ops.softmax(x32).value().toDoubleArray(), 1e-6);
    }

    @Test
    @DisplayName("softmax and log-softmax gradients match central differences on [4, 5] and [2, 3, 4]")
    void softmaxGradients() {
        assertGradients("softmax [4, 5]", List.of(leaf("x", 1, 2.0, 4, 5)), v -> Ops.softmax(v.get(0)));
        assertGradients("softmax [2, 3, 4]", List.of(leaf("x", 2, 2.0, 2, 3, 4)), v -> Ops.softmax(v.get(0)));
        assertGradients("log-softmax [4, 5]", List.of(leaf("x", 3, 2.0, 4, 5)), v -> Ops.logSoftmax(v.get(0)));
        assertGradients("log-softmax [2, 3, 4]", List.of(leaf("x", 4, 2.0, 2, 3, 4)), v -> Ops.logSoftmax(v.get(0)));
        assertGradients("log-softmax of a vector", List.of(leaf("x", 5, 2.0, 6)), v -> Ops.logSoftmax(v.get(0)));
    }

    @Test
    @DisplayName("linear of a [B, T, I] input is the rank-2 linear of every [B*T] row, as torch's F.linear")
    void linearRank3Values() {
        Variable x = leaf("x", 6, 1.0, 2, 3, 4);
        Variable w = leaf("w", 7, 1.0, 5, 4);
        Variable b = leaf("b", 8, 1.0, 5);
        Variable y = Ops.linear(x, w, b);
        assertEquals(Shape.of(2, 3, 5), y.shape());
        Variable flat = Ops.linear(Variable.constant(be.reshape(x.value(), Shape.of(6, 4))), w, b);
        assertArrayEquals(flat.value().toDoubleArray(), y.value().toDoubleArray(), 0.0);
        assertEquals(Shape.of(2, 1, 3, 5), Ops.linear(leaf("x4", 9, 1.0, 2, 1, 3, 4), w, null).shape());
    }

    @Test
    @DisplayName("linear's gradients match central differences for inputs of rank 3 and 4, with and without a bias")
    void linearRank3Gradients() {
        assertGradients("linear [2, 3, 4] with bias",
                List.of(leaf("x", 10, 1.5, 2, 3, 4), leaf("w", 11, 1.5, 5, 4), leaf("b", 12, 1.5, 5)),
                v -> Ops.linear(v.get(0), v.get(1), v.get(2)));
        assertGradients("linear [2, 2, 3, 4] without bias",
                List.of(leaf("x", 13, 1.5, 2, 2, 3, 4), leaf("w", 14, 1.5, 3, 4)),
                v -> Ops.linear(v.get(0), v.get(1), null));
    }

    @Test
    @DisplayName("linear rejects a rank-1 input and a weight whose width is not the input's last axis, naming both")
    void linearErrors() {
        Variable w = leaf("w", 15, 1.0, 5, 4);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Ops.linear(leaf("x", 16, 1.0, 4), w, null));
        assertTrue(rank.getMessage().contains("rank 2 or more") && rank.getMessage().contains("[4]"), rank.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> Ops.linear(leaf("x", 17, 1.0, 2, 3, 6), w, null));
        assertTrue(width.getMessage().contains("[5, 4]") && width.getMessage().contains("[2, 3, 6]"), width.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Ops.softmax(Variable.constant(be.zeros(Shape.scalar(), DType.FLOAT64))));
        assertTrue(empty.getMessage().contains("softmax"), empty.getMessage());
    }
}
