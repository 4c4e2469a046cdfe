package dev.jrnn.models.layer;

import static dev.jrnn.models.layer.LayerFixtures.input;
import static dev.jrnn.models.layer.LayerFixtures.maxDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.cell.FusedCell;
import dev.jrnn.models.cell.ProjectedLstmCell;
import dev.jrnn.models.train.SequenceRegressor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("an LSTM layer with projections (proj_size)")
class ProjectedLstmLayerTest {
    private static final int INPUT = 3;
    private static final int HIDDEN = 5;
    private static final int PROJ = 2;
    private final Backend be = new ReferenceBackend();

    private RecurrentLayerBuilder builder() {
        return RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(INPUT).hiddenSize(HIDDEN)
                .projSize(PROJ).seed(17);
    }

    private RecurrentLayer twoBidirectional(boolean fused) {
        return builder().numLayers(2).bidirectional(true).fused(fused).build();
    }

    /** h0 [L*D, B, P] and c0 [L*D, B, H] as inputs. */
    private List<Variable> initialState(int stack, int batch) {
        return List.of(input(be, "h0", 31, stack, batch, PROJ), input(be, "c0", 32, stack, batch, HIDDEN));
    }

    @Test
    @DisplayName("has PyTorch's parameter names, order and shapes, weight_hr after the biases of each direction")
    void stateDictNamesAndShapes() {
        RecurrentLayer layer = twoBidirectional(true);
        List<String> expected = new ArrayList<>();
        for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            for (String p : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")) {
                expected.add(p + suffix);
            }
        }
        assertEquals(expected, List.copyOf(layer.namedParameters().keySet()));
        assertEquals(Shape.of(4 * HIDDEN, INPUT), layer.parameter("weight_ih_l0").shape());
        assertEquals(Shape.of(4 * HIDDEN, PROJ), layer.parameter("weight_hh_l0_reverse").shape());
        assertEquals(Shape.of(PROJ, HIDDEN), layer.parameter("weight_hr_l1").shape());
        assertEquals(Shape.of(4 * HIDDEN, 2 * PROJ), layer.parameter("weight_ih_l1").shape(),
                "the second layer reads both directions' projected outputs");
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "weight_hr_l0"),
                List.copyOf(builder().bias(false).build().namedParameters().keySet()));
        assertEquals(PROJ, layer.projSize());
        assertEquals(2 * PROJ, layer.outputSize());
        assertEquals(0, RecurrentLayer.builder("lstm").backend(be).inputSize(2).hiddenSize(3).build().projSize());
    }

    @Test
    @DisplayName("under a SequenceRegressor, feeds its head the last real step's D*P features")
    void regressorHead() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = builder().numLayers(2).bidirectional(true).batchFirst(true).build();
            SequenceRegressor model = new SequenceRegressor(layer, 3, 5);
            List<Parameter> parameters = model.parameters();
            assertEquals(Shape.of(3, 2 * PROJ), parameters.get(parameters.size() - 2).shape());
            Variable x = input(be, "x", 6, 4, 7, INPUT);
            assertEquals(Shape.of(4, 3), model.forward(x).shape());
            Variable padded = model.forward(x, new int[] {7, 3, 5, 1});
            Variable alone = model.forward(Ops.slice(Ops.slice(x, 0, 1, 2), 1, 0, 3));
            assertTrue(maxDiff(Ops.slice(padded, 0, 1, 2).value(), alone.value()) < 1e-14,
                    "with lengths, a padded sequence's prediction is its prediction alone");
        }
    }

    @Test
    @DisplayName("draws every weight, weight_hr included, from U(-1/sqrt(H), 1/sqrt(H)), the same for the same seed")
    void initialisation() {
        RecurrentLayer a = twoBidirectional(true);
        RecurrentLayer b = twoBidirectional(true);
        double bound = 1.0 / Math.sqrt(HIDDEN);
        for (Parameter p : a.parameters()) {
            double[] v = p.value().toDoubleArray();
            assertTrue(Arrays.stream(v).allMatch(x -> Math.abs(x) <= bound), p.name());
            assertTrue(Arrays.stream(v).map(Math::abs).max().orElse(0) > 0.5 * bound, p.name() + " spans the range");
            assertArrayEquals(v, b.parameter(p.name()).value().toDoubleArray(), p.name());
        }
        assertFalse(Arrays.equals(a.parameter("weight_hr_l0").value().toDoubleArray(),
                a.parameter("weight_hr_l0_reverse").value().toDoubleArray()), "each cell draws its own weights");
    }

    @Test
    @DisplayName("returns outputs [T, B, D*P], h_n [L*D, B, P] and c_n [L*D, B, H], batch-first the transpose")
    void shapesAndBatchFirst() {
        try (TensorScope scope = TensorScope.open()) {
            Variable x = input(be, "x", 1, 6, 3, INPUT);
            LayerOutput seqFirst = twoBidirectional(true).forward(x, initialState(4, 3), new int[] {6, 2, 4});
            assertEquals(Shape.of(6, 3, 2 * PROJ), seqFirst.output().shape());
            assertEquals(Shape.of(4, 3, PROJ), seqFirst.hn().shape());
            assertEquals(Shape.of(4, 3, HIDDEN), seqFirst.cn().shape());

            RecurrentLayer batchFirst = builder().numLayers(2).bidirectional(true).batchFirst(true).build();
            LayerOutput bf = batchFirst.forward(Ops.transpose(x, 1, 0, 2), initialState(4, 3), new int[] {6, 2, 4});
            assertEquals(Shape.of(3, 6, 2 * PROJ), bf.output().shape());
            assertEquals(0.0, maxDiff(Ops.transpose(seqFirst.output(), 1, 0, 2).value(), bf.output().value()));
            assertEquals(0.0, maxDiff(seqFirst.hn().value(), bf.hn().value()));
            assertEquals(0.0, maxDiff(seqFirst.cn().value(), bf.cn().value()));
        }
    }

    @Test
    @DisplayName("never reaches the fused kernels: fused or not, the same outputs, states and gradients")
    void neverFused() {
        assertFalse(twoBidirectional(true).cells().stream().anyMatch(c -> c instanceof FusedCell),
                "the fused kernels feed back h of H features");
        try (TensorScope scope = TensorScope.open()) {
            int[] lengths = {5, 3, 1};
            List<double[]> results = new ArrayList<>();
            for (boolean fused : new boolean[] {true, false}) {
                RecurrentLayer layer = twoBidirectional(fused);
                Variable x = input(be, "x", 3, 5, 3, INPUT);
                List<Variable> h0 = initialState(4, 3);
                LayerOutput out = layer.forward(x, h0, lengths);
                Autograd.backward(Ops.add(Ops.sum(Ops.mul(out.output(), out.output())),
                        Ops.add(Ops.sum(Ops.tanh(out.hn())), Ops.sum(Ops.sigmoid(out.cn())))));
                List<double[]> parts = new ArrayList<>(List.of(out.output().value().toDoubleArray(),
                        out.hn().value().toDoubleArray(), out.cn().value().toDoubleArray(), x.grad().toDoubleArray(),
                        h0.get(0).grad().toDoubleArray(), h0.get(1).grad().toDoubleArray()));
                for (Parameter p : layer.parameters()) {
                    parts.add(p.grad().toDoubleArray());
                }
                results.add(parts.stream().flatMapToDouble(Arrays::stream).toArray());
            }
            assertArrayEquals(results.get(0), results.get(1), 0.0);
        }
    }

    @Test
    @DisplayName("has gradients that match central differences in float64: packed, batch-first, two layers, "
            + "both directions, initial states")
    void gradientsMatchFiniteDifferences() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(2)
                    .hiddenSize(3).projSize(2).numLayers(2).bidirectional(true).batchFirst(true).seed(9).build();
            Variable x = input(be, "x", 1, 3, 4, 2);
            List<Variable> h0 = List.of(input(be, "h0", 2, 4, 3, 2), input(be, "c0", 3, 4, 3, 3));
            List<Variable> leaves = new ArrayList<>(List.of(x));
            leaves.addAll(h0);
            leaves.addAll(layer.parameters());
            GradientCheck.Report report = GradientCheck.run(leaves, () -> {
                LayerOutput out = layer.forward(x, h0, new int[] {4, 1, 3});
                return Ops.concat(0, List.of(Ops.reshape(out.output(), Shape.of(3 * 4 * 4)),
                        Ops.reshape(out.hn(), Shape.of(4 * 3 * 2)), Ops.reshape(out.cn(), Shape.of(4 * 3 * 3))));
            }, 21L);
            assertTrue(report.maxError() < 1e-7, report.toString());
            assertTrue(report.checked() > 200, "every leaf element is checked: " + report);
        }
    }

    @Test
    @DisplayName("gives a short sequence in a padded batch the output and final states it has alone")
    void packedSemantics() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = twoBidirectional(true);
            Variable x = input(be, "x", 5, 6, 3, INPUT);
            LayerOutput packed = layer.forward(x, null, new int[] {6, 2, 4});
            Variable alone = Ops.slice(Ops.slice(x, 1, 2, 3), 0, 0, 4);
            LayerOutput single = layer.forward(alone);
            assertTrue(maxDiff(Ops.slice(Ops.slice(packed.output(), 1, 2, 3), 0, 0, 4).value(),
                    single.output().value()) < 1e-14);
            assertEquals(0.0, Arrays.stream(Ops.slice(Ops.slice(packed.output(), 1, 2, 3), 0, 4, 6).value()
                    .toDoubleArray()).map(Math::abs).max().orElseThrow(), "zero past the length");
            assertTrue(maxDiff(Ops.slice(packed.hn(), 1, 2, 3).value(), single.hn().value()) < 1e-14);
            assertTrue(maxDiff(Ops.slice(packed.cn(), 1, 2, 3).value(), single.cn().value()) < 1e-14);
        }
    }

    @Test
    @DisplayName("carries h [L*D, B, P] and c [L*D, B, H] from chunk to chunk as one run over the whole")
    void statefulStreaming() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = builder().numLayers(2).build();
            Variable x = input(be, "x", 1, 7, 2, INPUT);
            LayerOutput whole = layer.forward(x);
            StatefulLayer stream = new StatefulLayer(layer);
            stream.forward(Ops.slice(x, 0, 0, 3));
            assertEquals(Shape.of(2, 2, PROJ), stream.state().get(0).shape());
            assertEquals(Shape.of(2, 2, HIDDEN), stream.state().get(1).shape());
            LayerOutput last = stream.forward(Ops.slice(x, 0, 3, 7));
            assertTrue(maxDiff(Ops.slice(whole.output(), 0, 3, 7).value(), last.output().value()) < 1e-14);
            assertTrue(maxDiff(whole.hn().value(), stream.state().get(0).value()) < 1e-14);
            assertTrue(maxDiff(whole.cn().value(), stream.state().get(1).value()) < 1e-14);
        }
    }

    @Test
    @DisplayName("drops out the projected outputs between layers in training mode only, as PyTorch")
    void dropoutBetweenLayers() {
        try (TensorScope scope = TensorScope.open()) {
            Variable x = input(be, "x", 4, 5, 2, INPUT);
            RecurrentLayer a = builder().numLayers(2).dropout(0.5).build();
            RecurrentLayer b = builder().numLayers(2).dropout(0.5).build();
            LayerOutput trainA = a.forward(x);
            LayerOutput trainB = b.forward(x);
            assertEquals(0.0, maxDiff(trainA.output().value(), trainB.output().value()), "seeded masks");
            a.train(false);
            LayerOutput eval = a.forward(x);
            assertTrue(maxDiff(trainA.output().value(), eval.output().value()) > 1e-3, "the mask changes layer 2");
            assertEquals(0.0, maxDiff(eval.output().value(), builder().numLayers(2).build().forward(x).output()
                    .value()), "evaluation mode does not drop");
            RecurrentLayer one = builder().dropout(0.5).build();
            assertEquals(0.0, maxDiff(one.forward(x).output().value(), builder().build().forward(x).output().value()),
                    "no dropout after the last layer");
        }
    }

    @Test
    @DisplayName("refuses a proj_size PyTorch refuses, a projection on a cell without one, and a wrong h0")
    void badArguments() {
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> builder().projSize(HIDDEN).build());
        assertTrue(tooLarge.getMessage().contains("proj_size 5 must be smaller than hidden_size 5"),
                tooLarge.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> builder().projSize(-1).build());
        assertTrue(negative.getMessage().contains("proj_size -1 must be positive"), negative.getMessage());
        IllegalArgumentException gru = assertThrows(IllegalArgumentException.class, () -> RecurrentLayer
                .builder("gru").backend(be).inputSize(INPUT).hiddenSize(HIDDEN).projSize(PROJ).build());
        assertTrue(gru.getMessage().contains("cell 'gru' has no projection"), gru.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> builder().option(ProjectedLstmCell.PROJ_SIZE, "two").build());
        assertTrue(text.getMessage().contains("option proj_size=two is not accepted; proj_size takes a whole number"),
                text.getMessage());
        assertEquals(PROJ, builder().projSize(0).option(ProjectedLstmCell.PROJ_SIZE, "2").build().projSize(),
                "the builder method and the cell option are one setting");
        assertEquals(0, builder().projSize(0).build().projSize());
        assertEquals(0, RecurrentLayer.builder("gru").backend(be).inputSize(INPUT).hiddenSize(HIDDEN).projSize(0)
                .build().projSize(), "projSize(0) asks nothing of a cell");
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer layer = builder().build();
            List<Variable> wrong = List.of(input(be, "h0", 1, 1, 2, HIDDEN), input(be, "c0", 2, 1, 2, HIDDEN));
            IllegalArgumentException h0 = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(input(be, "x", 3, 4, 2, INPUT), wrong, null));
            assertTrue(h0.getMessage().contains("h0 has shape [1, 2, 5], expected [L*D, B, P] = [1, 2, 2]"),
                    h0.getMessage());
        }
    }
}
