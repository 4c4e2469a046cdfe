package dev.jrnn.models.layer;

import static dev.jrnn.models.layer.LayerFixtures.input;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

@DisplayName("layers on the fused path have gradients that match central differences in float64")
class FusedLayerGradientTest {
    private final Backend be = new ReferenceBackend();

    @TestFactory
    Stream<DynamicTest> everyCell() {
        return Stream.of("rnn_tanh", "lstm", "gru").map(cell -> DynamicTest.dynamicTest(cell
                + ": two bidirectional layers over packed, batch-first sequences", () -> check(cell)));
    }

    private void check(String cell) {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT64).inputSize(2)
                    .hiddenSize(2).numLayers(2).bidirectional(true).batchFirst(true).seed(9).build();
            Variable x = input(be, "x", 1, 3, 4, 2);
            List<Variable> h0 = new ArrayList<>();
            for (int s = 0; s < layer.stateCount(); s++) {
                h0.add(input(be, s == 0 ? "h0" : "c0", 2 + s, 4, 3, 2));
            }
            List<Variable> leaves = new ArrayList<>(List.of(x));
            leaves.addAll(h0);
            leaves.addAll(layer.parameters());
            GradientCheck.Report report = GradientCheck.run(leaves, () -> {
                LayerOutput out = layer.forward(x, h0, new int[] {4, 1, 3});
                List<Variable> parts = new ArrayList<>();
                parts.add(Ops.reshape(out.output(), Shape.of(3 * 4 * 4)));
                for (Variable s : out.finalState()) {
                    parts.add(Ops.reshape(s, Shape.of(4 * 3 * 2)));
                }
                return Ops.concat(0, parts);
            }, 21L);
            assertTrue(report.maxError() < 1e-7, cell + ": " + report);
        }
    }
}
