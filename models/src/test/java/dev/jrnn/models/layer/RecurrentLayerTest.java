package dev.jrnn.models.layer;

import static dev.jrnn.models.layer.LayerFixtures.input;
import static dev.jrnn.models.layer.LayerFixtures.maxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@DisplayName("a recurrent layer")
class RecurrentLayerTest {
    private final Backend be = new ReferenceBackend();

    private RecurrentLayerBuilder builder(String cell) {
        return RecurrentLayer.builder(cell).backend(be).dtype(DType.FLOAT64).inputSize(3).hiddenSize(4).seed(11);
    }

    @Test
    @DisplayName("names its parameters exactly as PyTorch's state_dict, in PyTorch's order")
    void stateDictNames() {
        RecurrentLayer lstm = builder("lstm").numLayers(2).bidirectional(true).build();
        List<String> expected = new ArrayList<>();
        for (String layer : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            for (String p : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                expected.add(p + layer);
            }
        }
        assertEquals(expected, List.copyOf(lstm.namedParameters().keySet()));
        assertEquals(Shape.of(16, 8), lstm.parameter("weight_ih_l1").shape());
        assertEquals(Shape.of(16, 4), lstm.parameter("weight_hh_l0_reverse").shape());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"),
                List.copyOf(builder("gru").bias(false).build().namedParameters().keySet()));
    }

    @Test
    @DisplayName("returns outputs [T, B, D*H] and final states [L*D, B, H]")
    void shapes() {
        RecurrentLayer lstm = builder("lstm").numLayers(3).bidirectional(true).build();
        LayerOutput out = lstm.forward(input(be, "x", 1, 5, 2, 3));
        assertEquals(Shape.of(5, 2, 8), out.output().shape());
        assertEquals(Shape.of(6, 2, 4), out.hn().shape());
        assertEquals(Shape.of(6, 2, 4), out.cn().shape());
    }

    @TestFactory
    @DisplayName("the fused kernels and the step-by-step cells agree")
    Stream<DynamicTest> fusedMatchesStepped() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String cell : List.of("rnn_tanh", "rnn_relu", "lstm", "gru")) {
            tests.add(DynamicTest.dynamicTest(cell + ": two bidirectional layers over packed sequences agree on "
                    + "outputs, states and gradients", () -> compareFusedAndStepped(cell)));
        }
        return tests.stream();
    }

    private void compareFusedAndStepped(String cell) {
        try (TensorScope scope = TensorScope.open()) {
            int[] lengths = {5, 3, 1};
            List<double[]> results = new ArrayList<>();
            List<Double> scales = new ArrayList<>();
            for (boolean fused : new boolean[] {true, false}) {
                RecurrentLayer layer = builder(cell).numLayers(2).bidirectional(true).fused(fused).build();
                Variable x = input(be, "x", 3, 5, 3, 3);
                List<Variable> h0 = new ArrayList<>();
                for (int s = 0; s < layer.stateCount(); s++) {
                    h0.add(input(be, "h0", 4 + s, 4, 3, 4));
                }
                LayerOutput out = layer.forward(x, h0, lengths);
                Variable loss = Ops.add(Ops.sum(Ops.mul(out.output(), out.output())), Ops.sum(Ops.tanh(out.hn())));
                Autograd.backward(loss);
                List<double[]> parts = new ArrayList<>();
                parts.add(out.output().value().toDoubleArray());
                for (Variable s : out.finalState()) {
                    parts.add(s.value().toDoubleArray());
                }
                parts.add(x.grad().toDoubleArray());
                for (Variable s : h0) {
                    parts.add(s.grad().toDoubleArray());
                }
                for (Parameter p : layer.parameters()) {
                    parts.add(p.grad().toDoubleArray());
                }
                results.add(parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray());
                scales.add(loss.value().item());
            }
            double[] a = results.get(0);
            double[] b = results.get(1);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-12, cell + " element " + i);
            }
            assertEquals(scales.get(0), scales.get(1), 1e-12);
        }
    }

    @Test
    @DisplayName("zeroes outputs past each sequence's length and takes its final state at its last valid step")
    void packedSemantics() {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer gru = builder("gru").bidirectional(true).numLayers(2).build();
            Variable x = input(be, "x", 5, 6, 3, 3);
            int[] lengths = {6, 4, 2};
            LayerOutput packed = gru.forward(x, null, lengths);
            double[] out = packed.output().value().toDoubleArray();
            for (int t = 0; t < 6; t++) {
                for (int b = 0; b < 3; b++) {
                    for (int f = 0; f < 8; f++) {
                        double v = out[(t * 3 + b) * 8 + f];
                        assertEquals(t < lengths[b], v != 0.0, "output[" + t + ", " + b + ", " + f + "] = " + v);
                    }
                }
            }
            for (int b = 0; b < 3; b++) {
                Variable alone = Ops.slice(Ops.slice(x, 1, b, b + 1), 0, 0, lengths[b]);
                LayerOutput single = gru.forward(alone);
                Variable packedState = Ops.slice(packed.hn(), 1, b, b + 1);
                assertTrue(maxDiff(single.hn().value(), packedState.value()) < 1e-14, "sequence " + b);
                Variable packedOut = Ops.slice(Ops.slice(packed.output(), 1, b, b + 1), 0, 0, lengths[b]);
                assertTrue(maxDiff(single.output().value(), packedOut.value()) < 1e-14, "sequence " + b);
            }
        }
    }

    @Test
    @DisplayName("batch-first gives the transposed results of sequence-first")
    void batchFirst() {
        try (TensorScope scope = TensorScope.open()) {
            Variable x = input(be, "x", 6, 4, 2, 3);
            LayerOutput seq = builder("lstm").bidirectional(true).build().forward(x);
            LayerOutput bf = builder("lstm").bidirectional(true).batchFirst(true).build()
                    .forward(Ops.transpose(x, 1, 0, 2));
            assertEquals(Shape.of(2, 4, 8), bf.output().shape());
            assertTrue(maxDiff(Ops.transpose(seq.output(), 1, 0, 2).value(), bf.output().value()) == 0.0);
            assertTrue(maxDiff(seq.hn().value(), bf.hn().value()) == 0.0);
        }
    }

    @Test
    @DisplayName("applies seeded dropout between layers only in training mode")
    void dropout() {
        try (TensorScope scope = TensorScope.open()) {
            Variable x = input(be, "x", 7, 4, 2, 3);
            RecurrentLayer a = builder("gru").numLayers(2).dropout(0.5).build();
            RecurrentLayer b = builder("gru").numLayers(2).dropout(0.5).build();
            RecurrentLayer none = builder("gru").numLayers(2).build();
            double trainA = maxDiff(a.forward(x).output().value(), b.forward(x).output().value());
            double trainVsNone = maxDiff(a.forward(x).output().value(), none.forward(x).output().value());
            a.train(false);
            double evalVsNone = maxDiff(a.forward(x).output().value(), none.forward(x).output().value());
            assertEquals(0.0, trainA, "the same seed draws the same masks");
            assertTrue(trainVsNone > 1e-3, "dropout changes the training output");
            assertEquals(0.0, evalVsNone, "evaluation mode has no dropout");
        }
    }

    @Test
    @DisplayName("frees each training step's graph so memory stays flat over steps")
    void memoryStaysFlat() {
        RecurrentLayer lstm = builder("lstm").numLayers(2).build();
        Variable x = input(be, "x", 8, 5, 2, 3);
        Variable constant = Variable.constant(x.value());
        long[] live = new long[4];
        for (int step = 0; step < live.length; step++) {
            try (TensorScope scope = TensorScope.open()) {
                Autograd.backward(Ops.sum(lstm.forward(constant).output()));
                for (Parameter p : lstm.parameters()) {
                    p.set(be.sub(p.value(), be.scale(p.grad(), 0.01)));
                    p.zeroGrad();
                }
                Parameter.keepAll(scope, lstm.parameters());
            }
            live[step] = be.memory().unclosedTensors();
        }
        assertEquals(live[1], live[3], "live tensors after steps: " + java.util.Arrays.toString(live));
    }

    @Test
    @DisplayName("rejects bad input naming the tensor, the expected and the actual shape")
    void badInput() {
        RecurrentLayer lstm = builder("lstm").numLayers(2).build();
        IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(input(be, "x", 1, 5, 2, 7)));
        assertTrue(wrongWidth.getMessage().contains("input has shape [5, 2, 7], expected [T, B, 3]"),
                wrongWidth.getMessage());
        IllegalArgumentException wrongState = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(input(be, "x", 1, 5, 2, 3), List.of(input(be, "h", 2, 1, 2, 4),
                        input(be, "c", 3, 2, 2, 4)), null));
        assertTrue(wrongState.getMessage().contains("h0 has shape [1, 2, 4], expected [L*D, B, H] = [2, 2, 4]"),
                wrongState.getMessage());
        IllegalArgumentException wrongLengths = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(input(be, "x", 1, 5, 2, 3), null, new int[] {5}));
        assertTrue(wrongLengths.getMessage().contains("lengths"), wrongLengths.getMessage());
    }
}
