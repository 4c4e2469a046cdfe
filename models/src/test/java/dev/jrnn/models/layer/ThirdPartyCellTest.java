package dev.jrnn.models.layer;

import static dev.jrnn.models.layer.LayerFixtures.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a third-party cell found through its CellProvider")
class ThirdPartyCellTest {
    private final Backend be = new ReferenceBackend();

    private RecurrentLayer layer() {
        return RecurrentLayer.builder("mgu_test").backend(be).dtype(DType.FLOAT64).inputSize(3).hiddenSize(2)
                .numLayers(2).bidirectional(true).seed(5).build();
    }

    @Test
    @DisplayName("builds a stacked bidirectional layer with suffixed parameter names")
    void buildsLayer() {
        RecurrentLayer layer = layer();
        assertEquals("mgu_test", layer.cellName());
        assertTrue(layer.namedParameters().containsKey("weight_f_l1_reverse"));
        LayerOutput out = layer.forward(input(be, "x", 1, 4, 2, 3));
        assertEquals(Shape.of(4, 2, 4), out.output().shape());
        assertEquals(Shape.of(4, 2, 2), out.hn().shape());
    }

    @Test
    @DisplayName("trains without a hand-written backward pass: its layer's gradients match central differences")
    void gradients() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = layer();
            Variable x = input(be, "x", 2, 4, 2, 3);
            int[] lengths = {4, 2};
            List<Variable> leaves = new ArrayList<>();
            leaves.add(x);
            leaves.addAll(layer.parameters());
            GradientCheck.Report report = GradientCheck.run(leaves, () -> {
                LayerOutput out = layer.forward(x, null, lengths);
                return Ops.concat(0, List.of(Ops.reshape(out.output(), Shape.of(4 * 2 * 4)),
                        Ops.reshape(out.hn(), Shape.of(4 * 2 * 2))));
            }, 13L);
            assertTrue(report.maxError() < 1e-7, report.toString());
        }
    }
}
