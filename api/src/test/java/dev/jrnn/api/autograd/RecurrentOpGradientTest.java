package dev.jrnn.api.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

@DisplayName("the fused recurrent op's backward matches central differences in float64")
class RecurrentOpGradientTest {
    private static final int T = 4;
    private static final int B = 3;
    private static final int H = 2;
    private final Backend be = new ReferenceBackend();

    private Variable leaf(String name, Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-0.8, 0.8);
        }
        return Variable.input(be.fromArray(d, shape, DType.FLOAT64), name);
    }

    @TestFactory
    Stream<DynamicTest> everyKindDirectionAndLengths() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CellKind kind : CellKind.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (int[] lengths : new int[][] {null, {4, 2, 1}}) {
                    for (boolean bias : new boolean[] {true, false}) {
                        String name = kind + (reverse ? " reversed" : " forward")
                                + (lengths == null ? " over full sequences" : " over packed sequences")
                                + (bias ? " with" : " without") + " a recurrent bias";
                        tests.add(DynamicTest.dynamicTest(name, () -> check(kind, reverse, lengths, bias)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private void check(CellKind kind, boolean reverse, int[] lengths, boolean bias) {
        try (TensorScope scope = TensorScope.open()) {
            int g = kind.gates() * H;
            List<Variable> leaves = new ArrayList<>();
            leaves.add(leaf("projection", Shape.of(T, B, g), 1));
            for (int s = 0; s < kind.states(); s++) {
                leaves.add(leaf("state" + s, Shape.of(B, H), 2 + s));
            }
            leaves.add(leaf("weight_hh", Shape.of(g, H), 5));
            if (bias) {
                leaves.add(leaf("bias_hh", Shape.of(g), 6));
            }
            int states = kind.states();
            GradientCheck.Report report = GradientCheck.run(leaves, () -> {
                RecurrentResult r = Ops.recurrent(kind, leaves.get(0), leaves.subList(1, 1 + states),
                        leaves.get(1 + states), bias ? leaves.get(2 + states) : null, lengths, reverse);
                List<Variable> parts = new ArrayList<>();
                parts.add(Ops.reshape(r.output(), Shape.of(T * B * H)));
                for (Variable s : r.finalState()) {
                    parts.add(Ops.reshape(s, Shape.of(B * H)));
                }
                return Ops.concat(0, parts);
            }, 11L);
            if (kind == CellKind.RNN_RELU) {
                assertTrue(report.maxError() < 1e-6, report.toString());
            } else {
                assertTrue(report.maxError() < 1e-7, report.toString());
            }
        }
    }
}
