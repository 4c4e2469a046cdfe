package dev.jrnn.api.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

@DisplayName("every op's backward rule matches central differences in float64")
class OpsGradientTest {
    private static final double TOLERANCE = 1e-7;
    private final Backend be = new ReferenceBackend();

    /** A FLOAT64 leaf with elements from U(lo, hi). */
    private Variable leaf(String name, Shape shape, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(lo, hi);
        }
        return Variable.input(be.fromArray(d, shape, DType.FLOAT64), name);
    }

    private Variable leaf(String name, int... dims) {
        return leaf(name, Shape.of(dims), -1.5, 1.5, name.hashCode() + dims.length);
    }

    private DynamicTest check(String sentence, List<Variable> leaves, Function<List<Variable>, Variable> f) {
        return DynamicTest.dynamicTest(sentence, () -> {
            try (TensorScope scope = TensorScope.open()) {
                GradientCheck.Report report = GradientCheck.run(leaves, () -> f.apply(leaves), 42L);
                assertTrue(report.checked() > 0, "nothing was checked");
                assertTrue(report.maxError() < TOLERANCE, sentence + ": error " + report.maxError() + " at "
                        + report.where());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> elementwise() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(check("add of equal shapes", List.of(leaf("a", 2, 3), leaf("b", 2, 3)), v -> Ops.add(v.get(0), v.get(1))));
        t.add(check("add broadcasting a row over a batch", List.of(leaf("a", 4, 2, 3), leaf("b", 3)),
                v -> Ops.add(v.get(0), v.get(1))));
        t.add(check("sub broadcasting a matrix over a batch", List.of(leaf("a", 4, 2, 3), leaf("b", 2, 3)),
                v -> Ops.sub(v.get(0), v.get(1))));
        t.add(check("sub with the broadcast operand first", List.of(leaf("a", 3), leaf("b", 2, 3)),
                v -> Ops.sub(v.get(0), v.get(1))));
        t.add(check("mul by a one-element tensor", List.of(leaf("a", 2, 3), leaf("b", 1)), v -> Ops.mul(v.get(0), v.get(1))));
        t.add(check("mul by a scalar", List.of(leaf("a", 2, 3), leaf("s")), v -> Ops.mul(v.get(0), v.get(1))));
        t.add(check("div broadcasting a row", List.of(leaf("a", 2, 3), leaf("b", Shape.of(3), 0.5, 2.0, 3)),
                v -> Ops.div(v.get(0), v.get(1))));
        t.add(check("max of two tensors", List.of(leaf("a", 3, 4), leaf("b", 3, 4)), v -> Ops.max(v.get(0), v.get(1))));
        t.add(check("scale by a constant", List.of(leaf("a", 2, 3)), v -> Ops.scale(v.get(0), -2.5)));
        t.add(check("neg", List.of(leaf("a", 2, 3)), v -> Ops.neg(v.get(0))));
        t.add(check("exp", List.of(leaf("a", 2, 3)), v -> Ops.exp(v.get(0))));
        t.add(check("log of positive values", List.of(leaf("a", Shape.of(2, 3), 0.3, 3.0, 5)), v -> Ops.log(v.get(0))));
        t.add(check("tanh", List.of(leaf("a", 2, 3)), v -> Ops.tanh(v.get(0))));
        t.add(check("sigmoid", List.of(leaf("a", 2, 3)), v -> Ops.sigmoid(v.get(0))));
        t.add(check("relu", List.of(leaf("a", 3, 5)), v -> Ops.relu(v.get(0))));
        t.add(check("sqrt of positive values", List.of(leaf("a", Shape.of(2, 3), 0.3, 3.0, 6)), v -> Ops.sqrt(v.get(0))));
        t.add(check("abs", List.of(leaf("a", 3, 5)), v -> Ops.abs(v.get(0))));
        t.add(check("a value used twice", List.of(leaf("a", 2, 3)), v -> Ops.mul(v.get(0), Ops.tanh(v.get(0)))));
        return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> reductionsAndMovement() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(check("sum along the first axis", List.of(leaf("a", 3, 4)), v -> Ops.sum(v.get(0), 0)));
        t.add(check("sum along the last axis", List.of(leaf("a", 2, 3, 4)), v -> Ops.sum(v.get(0), -1)));
        t.add(check("sum of all elements", List.of(leaf("a", 2, 3)), v -> Ops.sum(v.get(0))));
        t.add(check("mean of all elements", List.of(leaf("a", 2, 3)), v -> Ops.mean(v.get(0))));
        t.add(check("sum of squares", List.of(leaf("a", 2, 3)), v -> Ops.sumOfSquares(v.get(0))));
        t.add(check("mean along an axis", List.of(leaf("a", 2, 3, 4)), v -> Ops.mean(v.get(0), 1)));
        t.add(check("max along an axis", List.of(leaf("a", 3, 4)), v -> Ops.max(v.get(0), 1)));
        t.add(check("reshape", List.of(leaf("a", 2, 6)), v -> Ops.reshape(v.get(0), Shape.of(3, 4))));
        t.add(check("transpose of three axes", List.of(leaf("a", 2, 3, 4)), v -> Ops.transpose(v.get(0), 2, 0, 1)));
        t.add(check("slice in the middle of an axis", List.of(leaf("a", 3, 5)), v -> Ops.slice(v.get(0), 1, 1, 4)));
        t.add(check("slice at the start of an axis", List.of(leaf("a", 4, 2)), v -> Ops.slice(v.get(0), 0, 0, 2)));
        t.add(check("concat of three parts", List.of(leaf("a", 2, 1), leaf("b", 2, 3), leaf("c", 2, 2)),
                v -> Ops.concat(1, v)));
        t.add(check("stack", List.of(leaf("a", 2, 3), leaf("b", 2, 3)), Ops::stack));
        t.add(check("expand along a middle axis", List.of(leaf("a", 2, 3)), v -> Ops.expand(v.get(0), 1, 4)));
        return t.stream();
    }

    @TestFactory
    Stream<DynamicTest> products() {
        List<DynamicTest> t = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Variable a = ta ? leaf("a", 4, 3) : leaf("a", 3, 4);
                Variable b = tb ? leaf("b", 2, 4) : leaf("b", 4, 2);
                t.add(check("matmul with transposeA " + ta + " and transposeB " + tb, List.of(a, b),
                        v -> Ops.matmul(v.get(0), ta, v.get(1), tb)));
            }
        }
        t.add(check("linear with a bias", List.of(leaf("x", 3, 4), leaf("w", 5, 4), leaf("b", 5)),
                v -> Ops.linear(v.get(0), v.get(1), v.get(2))));
        t.add(check("linear without a bias", List.of(leaf("x", 3, 4), leaf("w", 5, 4)),
                v -> Ops.linear(v.get(0), v.get(1), null)));
        return t.stream();
    }
}
