package dev.jrnn.models.cell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

@DisplayName("every built-in cell's gradients match central differences in float64")
class CellGradientTest {
    private static final int B = 3;
    private static final int I = 4;
    private static final int H = 2;
    private final Backend be = new ReferenceBackend();

    private Variable leaf(String name, Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1.0, 1.0);
        }
        return Variable.input(be.fromArray(d, shape, DType.FLOAT64), name);
    }

    @TestFactory
    Stream<DynamicTest> everyCell() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("rnn_tanh", "rnn_relu", "lstm", "gru")) {
            for (boolean bias : new boolean[] {true, false}) {
                tests.add(DynamicTest.dynamicTest(name + (bias ? " with" : " without")
                        + " biases, over two steps, for the input, the state and every parameter",
                        () -> check(name, bias)));
            }
        }
        return tests.stream();
    }

    private void check(String name, boolean bias) {
        try (TensorScope scope = TensorScope.open()) {
            Cell cell = Cells.create(name, new CellConfig(be, DType.FLOAT64, I, H, bias, "", 5L, Map.of()));
            Variable x1 = leaf("x1", Shape.of(B, I), 1);
            Variable x2 = leaf("x2", Shape.of(B, I), 2);
            List<Variable> state = new ArrayList<>();
            for (int s = 0; s < cell.stateCount(); s++) {
                state.add(leaf("state" + s, Shape.of(B, H), 3 + s));
            }
            List<Variable> leaves = new ArrayList<>(List.of(x1, x2));
            leaves.addAll(state);
            leaves.addAll(cell.parameters());
            GradientCheck.Report report = GradientCheck.run(leaves, () -> {
                CellState next = cell.step(x2, cell.step(x1, new CellState(state)));
                List<Variable> parts = new ArrayList<>();
                for (Variable p : next.parts()) {
                    parts.add(p);
                }
                return Ops.concat(1, parts);
            }, 9L);
            assertTrue(report.checked() > 20, "too few elements checked: " + report.checked());
            assertTrue(report.maxError() < 1e-7, name + ": " + report);
        }
    }
}
