package dev.jrnn.models.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.reference.CountingBackend;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.optim.Sgd;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The counting backend on a real training pass of a small LSTM layer. */
class CountedLstmPassTest {
    private static final int T = 5;
    private static final int I = 3;
    private static final int H = 4;

    /** One training pass (forward, MSE on every step, backward, SGD) at batch {@code b}, counted. */
    private static Workload pass(int b, boolean fused) {
        CountingBackend be = new CountingBackend();
        RecurrentLayer layer = RecurrentLayer.builder("lstm").backend(be).dtype(DType.FLOAT64).inputSize(I)
                .hiddenSize(H).fused(fused).seed(3).build();
        Tensor x = be.full(Shape.of(T, b, I), 0.5, DType.FLOAT64);
        Tensor y = be.full(Shape.of(T, b, H), 0.1, DType.FLOAT64);
        try (Sgd sgd = new Sgd(layer.parameters(), 0.01)) {
            be.reset();
            try (TensorScope scope = TensorScope.open()) {
                Variable loss = Loss.mse().apply(layer.forward(Variable.constant(x)).output(), Variable.constant(y));
                sgd.zeroGrad();
                Autograd.backward(loss);
                sgd.step();
                sgd.keepIn(scope);
            }
            return be.workload("lstm pass");
        }
    }

    @Test
    @DisplayName("a training pass counts exactly the gate products' flops: forward, and twice forward backward")
    void flopsExact() {
        int b = 2;
        Workload w = pass(b, true);
        double inputProjection = 2.0 * T * b * I * 4 * H;     // X [T B, I] x W_ih^T [I, 4H]
        double recurrent = 2.0 * T * b * H * 4 * H;           // h [B, H] x W_hh^T [H, 4H] each step
        double weightGradient = 2.0 * 4 * H * T * b * I;      // dP^T [4H, T B] x X [T B, I]
        assertEquals(inputProjection + 3 * recurrent + weightGradient, w.flops(), 0.0,
                "the input is a constant: no dX product");
        assertTrue(w.ops() > 10, "ops " + w.ops());
    }

    @Test
    @DisplayName("the calls of a pass do not depend on the batch; flops grow linearly with it")
    void batchScaling() {
        Workload one = pass(1, true);
        Workload eight = pass(8, true);
        assertEquals(one.ops(), eight.ops());
        assertEquals(8 * one.flops(), eight.flops(), 0.0);
        assertEquals(one, pass(1, true), "a pass is counted the same every time");
    }

    @Test
    @DisplayName("fused kernels make a pass of far fewer calls than step-by-step ops, with the same products")
    void fusedVersusSteps() {
        int b = 2;
        Workload fused = pass(b, true);
        Workload steps = pass(b, false);
        assertTrue(steps.ops() > 3 * fused.ops(), fused + " vs " + steps);
        // step by step, the zero initial state needs no gradient, so the first step's dh W_hh is skipped
        assertEquals(fused.flops() - 2.0 * b * 4 * H * H, steps.flops(), 0.0);
    }
}
